using System.Text.Json;
using SeccompRecorder.Native;

using SeccompRecorder.Recording;

namespace SeccompRecorder.Handover;

/// <summary>
/// What a successor received, from the predecessor's takeover socket or from systemd's fd store: named fds, owned here
/// until taken, and the document read from the <see cref="HandoverNames.State"/> memfd (null when there was none).
/// </summary>
internal sealed class IncomingHandover : IDisposable
{
    /// <summary>The largest state document read: room for tens of thousands of containers' syscall counts.</summary>
    public const int MaxStateBytes = 256 * 1024 * 1024;

    private readonly Dictionary<string, SafeFdHandle> _fds;

    private IncomingHandover(Dictionary<string, SafeFdHandle> fds, HandoverDocument? document)
    {
        _fds = fds;
        Document = document;
    }

    public HandoverDocument? Document { get; }

    public IReadOnlyCollection<string> Names => _fds.Keys;

    /// <summary>Takes ownership of every fd in <paramref name="fds"/>, on every path: a bad hand-over closes them all.</summary>
    public static IncomingHandover From(IReadOnlyList<NamedFd> fds)
    {
        Dictionary<string, SafeFdHandle> byName = new(StringComparer.Ordinal);
        try
        {
            foreach (NamedFd named in fds)
            {
                if (!byName.TryAdd(named.Name, named.Fd))
                {
                    named.Fd.Dispose();
                    throw new InvalidDataException($"the hand-over names fd \"{named.Name}\" twice");
                }
            }

            HandoverDocument? document = null;
            if (byName.Remove(HandoverNames.State, out SafeFdHandle? state))
            {
                using (state)
                {
                    document = Parse(MemFd.ReadAll(state, MaxStateBytes));
                }
            }

            return new IncomingHandover(byName, document);
        }
        catch
        {
            foreach (SafeFdHandle fd in byName.Values)
            {
                fd.Dispose();
            }

            foreach (NamedFd named in fds)
            {
                named.Fd.Dispose();
            }

            throw;
        }
    }

    /// <summary>The document, checked for what the successor relies on; throws InvalidDataException otherwise.</summary>
    public static HandoverDocument Parse(ReadOnlySpan<byte> json)
    {
        HandoverDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, HandoverJson.Default.HandoverDocument);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"the hand-over state is not valid JSON: {e.Message}", e);
        }

        if (document is null || document.Containers is null || document.Listeners is null || document.ListenerPath is null)
        {
            throw new InvalidDataException("the hand-over state lacks its containers, listeners or listener path");
        }

        if (document.Version != HandoverDocument.CurrentVersion)
        {
            throw new InvalidDataException(
                $"the hand-over state is version {document.Version}; this daemon reads version {HandoverDocument.CurrentVersion}");
        }

        HashSet<RunKey> keys = [];
        foreach (HandoverContainer container in document.Containers)
        {
            if (container?.Recording?.Identity?.Id is not { Length: > 0 } || container.Recording.Policy is null
                || container.Recording.State is null || container.Recording.Syscalls is null || !keys.Add(container.Recording.Identity.Key))
            {
                throw new InvalidDataException("the hand-over state has a container without an id, policy, state or syscalls, or one twice");
            }
        }

        foreach (HandoverNotifyFd listener in document.Listeners)
        {
            if (listener?.Fd is null || listener.ContainerId is null || !keys.Contains(listener.Key))
            {
                throw new InvalidDataException($"the hand-over state has a notify fd for a container it does not list ({listener?.ContainerId})");
            }
        }

        return document;
    }

    /// <summary>The fd named <paramref name="name"/>, now the caller's; null when it did not arrive.</summary>
    public SafeFdHandle? Take(string? name) => name is not null && _fds.Remove(name, out SafeFdHandle? fd) ? fd : null;

    public void Dispose()
    {
        foreach (SafeFdHandle fd in _fds.Values)
        {
            fd.Dispose();
        }

        _fds.Clear();
    }
}
