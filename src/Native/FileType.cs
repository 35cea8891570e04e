namespace SeccompRecorder.Native;

/// <summary>What .NET's file APIs cannot say: whether a path is a socket (S_ISSOCK), without following a link.</summary>
public static class FileType
{
    /// <summary>True for a socket, false for anything else or nothing; errors other than ENOENT/ENOTDIR throw.</summary>
    public static unsafe bool IsSocket(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Interop.statx_head buffer = default;
        if (Interop.statx(Interop.AT_FDCWD, path, Interop.AT_SYMLINK_NOFOLLOW, Interop.STATX_TYPE, &buffer) != 0)
        {
            Errno errno = Interop.LastErrno();
            return errno is Errno.ENOENT or Errno.ENOTDIR ? false : throw new ErrnoException(errno, $"statx({path})");
        }

        return (buffer.stx_mode & Interop.S_IFMT) == Interop.S_IFSOCK;
    }
}
