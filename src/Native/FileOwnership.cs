namespace SeccompRecorder.Native;

/// <summary>chown for a group only, which .NET does not expose.</summary>
public static class FileOwnership
{
    /// <summary>(uid_t)-1: chown's "leave the owner as it is".</summary>
    private const uint Unchanged = uint.MaxValue;

    /// <summary>Sets the group of <paramref name="path"/> (not following a final symlink: a socket is never one).</summary>
    public static void SetGroup(string path, uint gid)
    {
        ArgumentNullException.ThrowIfNull(path);
        while (Interop.lchown(path, Unchanged, gid) != 0)
        {
            Errno errno = Interop.LastErrno();
            if (errno != Errno.EINTR)
            {
                throw new ErrnoException(errno, $"lchown({path})");
            }
        }
    }
}
