namespace SeccompRecorder.Native;

/// <summary>
/// Reads of small /proc files into the caller's buffer, paths as NUL-terminated bytes: nothing allocated, so a notify
/// thread can resolve a process without a string or a FileStream. Returns the byte count, or -1 with the errno (a
/// process that has gone is ENOENT or ESRCH; another uid's exe without ptrace rights is EACCES).
/// </summary>
public static class ProcFile
{
    /// <summary>
    /// One read(2) of <paramref name="path"/>: /proc's seq files hand over a page per read, and every file read here
    /// has what it is read for in its first bytes.
    /// </summary>
    public static unsafe int ReadStart(ReadOnlySpan<byte> path, Span<byte> buffer, out Errno errno)
    {
        CheckTerminated(path);
        int fd;
        fixed (byte* pathBytes = path)
        {
            do
            {
                fd = Interop.open_bytes(pathBytes, Interop.O_CLOEXEC /* O_RDONLY is 0 */);
                errno = fd < 0 ? Interop.LastErrno() : Errno.SUCCESS;
            }
            while (errno == Errno.EINTR);
        }

        if (fd < 0)
        {
            return -1;
        }

        try
        {
            nint read;
            fixed (byte* bufferBytes = buffer)
            {
                do
                {
                    read = Interop.read(fd, bufferBytes, (nuint)buffer.Length);
                    errno = read < 0 ? Interop.LastErrno() : Errno.SUCCESS;
                }
                while (errno == Errno.EINTR);
            }

            return (int)read;
        }
        finally
        {
            _ = Interop.close(fd);
        }
    }

    /// <summary>readlink(2) of <paramref name="path"/>; a target that fills the buffer may have been cut (the caller decides).</summary>
    public static unsafe int ReadLink(ReadOnlySpan<byte> path, Span<byte> buffer, out Errno errno)
    {
        CheckTerminated(path);
        fixed (byte* pathBytes = path)
        fixed (byte* bufferBytes = buffer)
        {
            nint length = Interop.readlink(pathBytes, bufferBytes, (nuint)buffer.Length);
            errno = length < 0 ? Interop.LastErrno() : Errno.SUCCESS;
            return (int)length;
        }
    }

    private static void CheckTerminated(ReadOnlySpan<byte> path)
    {
        if (path.IsEmpty || path[^1] != 0)
        {
            throw new ArgumentException("The path must end with a NUL byte.", nameof(path));
        }
    }
}
