using SeccompRecorder.Native;

namespace SeccompRecorder.Recording.Executables;

/// <summary>
/// The daemon's <see cref="IProcessInspector"/>: /proc/TID/status (thread group, comm), /proc/TGID/stat (start time),
/// readlink /proc/TGID/exe. Seven syscalls and no allocation; docs/PERFORMANCE.md, "Executables", has what they cost.
/// notif.pid is in the daemon's pid namespace, so is /proc here.
/// </summary>
internal sealed class ProcInspector : IProcessInspector
{
    // PATH_MAX: readlink of /proc/PID/exe gives at most that (plus " (deleted)", which fits in the margin).
    public const int MaxName = 4096 + 64;

    public static ProcInspector Instance { get; } = new();

    private static ReadOnlySpan<byte> CommPrefix => "comm:"u8;

    public bool TryInspect(int tid, out int tgid, out ulong startTime, Span<byte> name, out int nameLength)
    {
        startTime = 0;
        nameLength = 0;
        Span<byte> path = stackalloc byte[40];
        // Status's first lines hold Name and Tgid; a page is more than enough for them.
        Span<byte> text = stackalloc byte[1024];
        int read = ProcFile.ReadStart(Path(path, tid, "/status\0"u8), text, out _);
        if (read <= 0 || !ProcText.TryParseTgid(text[..read], out tgid) || !ProcText.TryParseName(text[..read], out ReadOnlySpan<byte> comm))
        {
            tgid = 0;
            return false;
        }

        // Kept before the buffer is reused: the fallback name when exe cannot be read.
        Span<byte> commCopy = stackalloc byte[Math.Min(comm.Length, 256)];
        comm[..commCopy.Length].CopyTo(commCopy);

        read = ProcFile.ReadStart(Path(path, tgid, "/stat\0"u8), text, out _);
        if (read <= 0 || !ProcText.TryParseStartTime(text[..read], out startTime))
        {
            return false;
        }

        int length = ProcFile.ReadLink(Path(path, tgid, "/exe\0"u8), name, out _);
        // "/" names no file: the executable is the root of a mount the daemon cannot reach, a detached bind mount of
        // the file itself (runc 1.1's cloned binary for its init): the comm ("runc:[2:INIT]") says more.
        if (length > 0 && length < name.Length && !(length == 1 && name[0] == (byte)'/'))
        {
            nameLength = length;
            return true;
        }

        // A kernel thread, a zombie leader, or another uid's non-dumpable process without ptrace rights: its comm.
        CommPrefix.CopyTo(name);
        commCopy.CopyTo(name[CommPrefix.Length..]);
        nameLength = CommPrefix.Length + commCopy.Length;
        return true;
    }

    private static ReadOnlySpan<byte> Path(Span<byte> buffer, int pid, ReadOnlySpan<byte> file)
    {
        "/proc/"u8.CopyTo(buffer);
        pid.TryFormat(buffer[6..], out int digits, provider: System.Globalization.CultureInfo.InvariantCulture);
        file.CopyTo(buffer[(6 + digits)..]);
        return buffer[..(6 + digits + file.Length)];
    }
}
