namespace SeccompRecorder.Native;

/// <summary>
/// Reads a file a peer named without letting the peer choose what is read: opened with openat2(2) below a directory fd,
/// refusing every symlink on the way (RESOLVE_NO_SYMLINKS), never blocking on a FIFO (O_NONBLOCK), then checked by
/// fstat on the fd that is read (no race between check and read).
/// </summary>
public static class ConfinedFile
{
    /// <summary>
    /// An O_PATH fd for a directory, following links: for /proc/PID/root and /proc/PID/cwd, magic links the kernel
    /// resolves to that process's view. False with ENOENT/ESRCH/EACCES (the process is gone or not ours to look at).
    /// </summary>
    public static bool TryOpenDirectory(string path, out SafeFdHandle directory, out Errno errno)
    {
        ArgumentNullException.ThrowIfNull(path);
        directory = Open(Interop.AT_FDCWD, path, Interop.O_PATH | (ulong)Interop.O_CLOEXEC, 0, out errno);
        return !directory.IsInvalid;
    }

    /// <summary>
    /// Opens <paramref name="relativePath"/> for reading below <paramref name="directory"/> with no symlink anywhere in
    /// the path; <paramref name="inRoot"/>: as if <paramref name="directory"/> were / (RESOLVE_IN_ROOT), else never
    /// above it (RESOLVE_BENEATH). False with the errno (ELOOP for a symlink, ENOENT, EXDEV for an escape, ...).
    /// </summary>
    public static bool TryOpenBelow(SafeFdHandle directory, string relativePath, bool inRoot, out SafeFdHandle file, out Errno errno)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(relativePath);
        bool added = false;
        try
        {
            directory.DangerousAddRef(ref added);
            ulong resolve = Interop.RESOLVE_NO_SYMLINKS | Interop.RESOLVE_NO_MAGICLINKS | (inRoot ? Interop.RESOLVE_IN_ROOT : Interop.RESOLVE_BENEATH);
            file = Open(
                (int)directory.DangerousGetHandle(), relativePath, Interop.O_RDONLY | Interop.O_NOCTTY | Interop.O_NONBLOCK | (ulong)Interop.O_CLOEXEC, resolve, out errno);
            return !file.IsInvalid;
        }
        finally
        {
            if (added)
            {
                directory.DangerousRelease();
            }
        }
    }

    /// <summary>fstat of an open fd: whether it is a regular file, its owner and size.</summary>
    public static unsafe (bool IsRegular, uint Uid, long Size) Status(SafeFdHandle file)
    {
        ArgumentNullException.ThrowIfNull(file);
        bool added = false;
        try
        {
            file.DangerousAddRef(ref added);
            Interop.statx_head buffer = default;
            if (Interop.statx((int)file.DangerousGetHandle(), string.Empty, Interop.AT_EMPTY_PATH, Interop.STATX_TYPE | Interop.STATX_UID | Interop.STATX_SIZE, &buffer) != 0)
            {
                throw new ErrnoException(Interop.LastErrno(), "statx(AT_EMPTY_PATH)");
            }

            return ((buffer.stx_mode & Interop.S_IFMT) == Interop.S_IFREG, buffer.stx_uid, checked((long)buffer.stx_size));
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Reads to end of file, sized for the <paramref name="expectedBytes"/> fstat gave (a buffer of the limit for every
    /// file would be megabytes per container); null when there is more than <paramref name="maxBytes"/> (the file grew).
    /// </summary>
    public static unsafe byte[]? ReadAtMost(SafeFdHandle file, long expectedBytes, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(file);
        // One byte more than expected: reading it tells a file that grew from one that ended.
        byte[] buffer = new byte[(int)Math.Clamp(expectedBytes, 0, maxBytes) + 1];
        int used = 0;
        bool added = false;
        try
        {
            file.DangerousAddRef(ref added);
            int fd = (int)file.DangerousGetHandle();
            while (true)
            {
                if (used == buffer.Length)
                {
                    if (buffer.Length > maxBytes)
                    {
                        break; // already more than the limit
                    }

                    Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, (long)maxBytes + 1));
                }

                nint read;
                fixed (byte* p = &buffer[used])
                {
                    read = Interop.read(fd, p, (nuint)(buffer.Length - used));
                }

                if (read < 0)
                {
                    Errno errno = Interop.LastErrno();
                    if (errno == Errno.EINTR)
                    {
                        continue;
                    }

                    throw new ErrnoException(errno, "read");
                }

                if (read == 0)
                {
                    break;
                }

                used += (int)read;
            }
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }

        return used > maxBytes ? null : buffer.AsSpan(0, used).ToArray();
    }

    private static unsafe SafeFdHandle Open(int directoryFd, string path, ulong flags, ulong resolve, out Errno errno)
    {
        Interop.open_how how = new() { flags = flags, resolve = resolve };
        byte[] utf8 = new byte[System.Text.Encoding.UTF8.GetByteCount(path) + 1];
        System.Text.Encoding.UTF8.GetBytes(path, utf8);
        // EAGAIN: a rename raced the lookup under RESOLVE_IN_ROOT/RESOLVE_BENEATH (openat2(2)); retried a few times only.
        for (int attempt = 0; ; attempt++)
        {
            long fd;
            fixed (byte* p = utf8)
            {
                fd = Interop.syscall4(Interop.SYS_openat2, directoryFd, (nint)p, (nint)(&how), sizeof(Interop.open_how));
            }

            if (fd >= 0)
            {
                errno = Errno.SUCCESS;
                return new SafeFdHandle((int)fd);
            }

            errno = Interop.LastErrno();
            if (errno != Errno.EINTR && (errno != Errno.EAGAIN || attempt >= 8))
            {
                return new SafeFdHandle();
            }
        }
    }
}
