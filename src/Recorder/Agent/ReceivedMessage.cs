using SeccompRecorder.Native;

namespace SeccompRecorder.Agent;

/// <summary>Everything one connection delivered: the payload read to EOF and every fd, each already owned.</summary>
internal sealed class ReceivedMessage : IDisposable
{
    public ReceivedMessage(ReadOnlyMemory<byte> payload, List<SafeFdHandle> fds)
    {
        Payload = payload;
        Fds = fds;
    }

    public ReadOnlyMemory<byte> Payload { get; }

    public List<SafeFdHandle> Fds { get; }

    /// <summary>Removes and returns the fd at <paramref name="index"/>: the caller now owns it.</summary>
    public SafeFdHandle Take(int index)
    {
        SafeFdHandle fd = Fds[index];
        Fds[index] = new SafeFdHandle();
        return fd;
    }

    /// <summary>Closes every fd still here, by the fd it holds (never by an index or a number).</summary>
    public void Dispose()
    {
        foreach (SafeFdHandle fd in Fds)
        {
            fd.Dispose();
        }

        Fds.Clear();
    }
}
