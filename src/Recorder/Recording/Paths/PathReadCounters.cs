using SeccompRecorder.Native;

namespace SeccompRecorder.Recording.Paths;

/// <summary>
/// Daemon-wide outcome of path reads, for the status and its operators: reads made, and reads the kernel refused for
/// want of ptrace rights (EPERM: the daemon lacks CAP_SYS_PTRACE for that process; see deploy/systemd/README.md).
/// </summary>
internal sealed class PathReadCounters
{
    private long _reads;
    private long _denied;

    public PathReadCounters(bool whenAllowed) => WhenAllowed = whenAllowed;

    /// <summary>--capture-paths: paths are read for allowed calls too, not only denied ones.</summary>
    public bool WhenAllowed { get; }

    public long Reads => Volatile.Read(ref _reads);

    public long Denied => Volatile.Read(ref _denied);

    public void Read(bool succeeded, Errno errno)
    {
        Interlocked.Increment(ref _reads);
        if (!succeeded && errno == Errno.EPERM)
        {
            Interlocked.Increment(ref _denied);
        }
    }
}
