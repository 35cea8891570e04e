using Google.Protobuf;
using SeccompRecorder.Api.V1;

namespace SeccompRecorder.Grpc.Services;

/// <summary>
/// A container within a byte budget: what does not fit is left out and named in <see cref="Container.Omitted"/>, the
/// least useful first: long free text (metadata, a bundle path, the runtime's version or the termination message can be
/// as long as the runtime's message; largest first), then annotations (largest first), then executables (least busy first, flagged in executables_truncated), then syscalls (least-called
/// first). Today only a raised --max-message-bytes gets a container here; later fields may.
/// </summary>
internal static class ContainerFit
{
    // Room for the Omitted message itself: three counts and at most four short field names.
    private const int OmittedReserve = 256;

    // Free text shorter than this stays: a path or a version that long is normal, and four of them are 16 KiB at most.
    private const int LongTextChars = 4096;

    private static readonly TextField[] s_textFields =
    [
        new("metadata", c => c.Metadata, (c, v) => c.Metadata = v),
        new("bundle", c => c.Bundle, (c, v) => c.Bundle = v),
        new("oci_version", c => c.OciVersion, (c, v) => c.OciVersion = v),
        new("termination_message", c => c.TerminationMessage, (c, v) => c.TerminationMessage = v),
    ];

    /// <summary><paramref name="container"/> itself, trimmed in place when it is larger than <paramref name="budget"/> bytes.</summary>
    public static Container Fit(Container container, int budget)
    {
        int size = container.CalculateSize();
        if (size <= budget)
        {
            return container;
        }

        var omitted = new Omitted();
        int target = budget - OmittedReserve;
        foreach (TextField field in s_textFields.OrderByDescending(f => f.Get(container).Length))
        {
            string value = field.Get(container);
            if (size <= target || value.Length < LongTextChars)
            {
                break;
            }

            size -= SizeAlone(c => field.Set(c, value));
            field.Set(container, string.Empty);
            omitted.Fields.Add(field.Name);
        }

        foreach ((string key, string value) in container.Annotations.OrderByDescending(a => a.Key.Length + a.Value.Length).ToList())
        {
            if (size <= target)
            {
                break;
            }

            size -= SizeAlone(c => c.Annotations.Add(key, value));
            container.Annotations.Remove(key);
            omitted.Annotations++;
        }

        // Executables before syscalls: they repeat what the syscalls say, per program (least busy first).
        while (size > target && container.Executables.Count > 0)
        {
            Executable last = container.Executables[^1];
            size -= SizeAlone(c => c.Executables.Add(last));
            container.Executables.RemoveAt(container.Executables.Count - 1);
            container.ExecutablesTruncated = true;
        }

        if (size > target)
        {
            DropLeastCalled(container, size - target, omitted);
        }

        container.Omitted = omitted;
        return container;
    }

    private static void DropLeastCalled(Container container, int excess, Omitted omitted)
    {
        var dropped = new HashSet<Syscall>(ReferenceEqualityComparer.Instance);
        foreach (Syscall syscall in container.Syscalls.OrderBy(s => s.Count))
        {
            if (excess <= 0)
            {
                break;
            }

            // Field 13's tag (one byte), then the length-prefixed message.
            excess -= 1 + CodedOutputStream.ComputeMessageSize(syscall);
            dropped.Add(syscall);
        }

        Syscall[] kept = [.. container.Syscalls.Where(s => !dropped.Contains(s))];
        container.Syscalls.Clear();
        container.Syscalls.AddRange(kept);
        omitted.Syscalls = (uint)dropped.Count;
    }

    /// <summary>What one field's value adds to a message: the size of a container holding nothing else.</summary>
    private static int SizeAlone(Action<Container> fill)
    {
        var alone = new Container();
        fill(alone);
        return alone.CalculateSize();
    }

    private sealed record TextField(string Name, Func<Container, string> Get, Action<Container, string> Set);
}
