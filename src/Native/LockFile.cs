using System.Text;
using Microsoft.Win32.SafeHandles;

namespace SeccompRecorder.Native;

/// <summary>
/// A lock file: an exclusive flock(2) on a file opened with open(2), and the file's text (flock does not say who holds
/// a lock, so the holder writes that there). The lock belongs to the open file description, not to a process: every
/// copy of the fd, one received with SCM_RIGHTS or kept in systemd's fd store too, holds the same lock, and the kernel
/// releases it when the last copy closes, so a killed holder never leaves it held.
/// Not .NET's File APIs: a FileStream takes a flock(2) of its own on every file it opens.
/// </summary>
public static class LockFile
{
    /// <summary>Opens <paramref name="path"/> read-write, created with mode 0600 if missing; close-on-exec.</summary>
    public static SafeFdHandle Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        while (true)
        {
            int fd = Interop.open(path, Interop.O_RDWR | Interop.O_CREAT | Interop.O_CLOEXEC, 0x180);
            if (fd >= 0)
            {
                return new SafeFdHandle(fd);
            }

            Errno errno = Interop.LastErrno();
            if (errno != Errno.EINTR)
            {
                throw new ErrnoException(errno, $"open({path})");
            }
        }
    }

    /// <summary>
    /// flock(fd, LOCK_EX | LOCK_NB): true when this open file description holds the exclusive lock now (it may have
    /// held it already), false when another one holds it (EWOULDBLOCK).
    /// </summary>
    public static bool TryLock(SafeFdHandle fd)
    {
        ArgumentNullException.ThrowIfNull(fd);
        bool added = false;
        try
        {
            fd.DangerousAddRef(ref added);
            int raw = fd.DangerousGetHandle().ToInt32();
            while (Interop.flock(raw, Interop.LOCK_EX | Interop.LOCK_NB) != 0)
            {
                Errno errno = Interop.LastErrno();
                if (errno == Errno.EAGAIN)
                {
                    return false; // EWOULDBLOCK is EAGAIN on Linux
                }

                if (errno != Errno.EINTR)
                {
                    throw new ErrnoException(errno, "flock(LOCK_EX | LOCK_NB)");
                }
            }

            return true;
        }
        finally
        {
            if (added)
            {
                fd.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="fd"/> is open on the file at <paramref name="path"/> (the same device and inode): an fd
    /// received from elsewhere may be another directory's lock. False when nothing is at the path.
    /// </summary>
    public static unsafe bool IsFileAt(SafeFdHandle fd, string path)
    {
        ArgumentNullException.ThrowIfNull(fd);
        ArgumentNullException.ThrowIfNull(path);
        Interop.statx_head atPath = default;
        if (Interop.statx(Interop.AT_FDCWD, path, 0, Interop.STATX_INO, &atPath) != 0)
        {
            Errno errno = Interop.LastErrno();
            return errno is Errno.ENOENT or Errno.ENOTDIR ? false : throw new ErrnoException(errno, $"statx({path})");
        }

        Interop.statx_head open = default;
        bool added = false;
        try
        {
            fd.DangerousAddRef(ref added);
            if (Interop.statx(fd.DangerousGetHandle().ToInt32(), string.Empty, Interop.AT_EMPTY_PATH, Interop.STATX_INO, &open) != 0)
            {
                throw new ErrnoException(Interop.LastErrno(), "statx(fd, AT_EMPTY_PATH)");
            }
        }
        finally
        {
            if (added)
            {
                fd.DangerousRelease();
            }
        }

        return (open.stx_ino, open.stx_dev_major, open.stx_dev_minor) == (atPath.stx_ino, atPath.stx_dev_major, atPath.stx_dev_minor);
    }

    /// <summary>The file's text (UTF-8), at most <paramref name="maxBytes"/> of it.</summary>
    public static string ReadText(SafeFdHandle fd, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(fd);
        byte[] buffer = new byte[maxBytes];
        int read = 0;
        WithFile(fd, file =>
        {
            int n;
            while (read < buffer.Length && (n = RandomAccess.Read(file, buffer.AsSpan(read), read)) > 0)
            {
                read += n;
            }
        });
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>Replaces the file's content with <paramref name="text"/> (UTF-8).</summary>
    public static void WriteText(SafeFdHandle fd, string text)
    {
        ArgumentNullException.ThrowIfNull(fd);
        byte[] content = Encoding.UTF8.GetBytes(text);
        WithFile(fd, file =>
        {
            if (Interop.ftruncate(file.DangerousGetHandle().ToInt32(), 0) != 0)
            {
                throw new ErrnoException(Interop.LastErrno(), "ftruncate");
            }

            RandomAccess.Write(file, content, 0);
        });
    }

    // RandomAccess (pread/pwrite) over the fd, borrowed: the SafeFileHandle never closes it.
    private static void WithFile(SafeFdHandle fd, Action<SafeFileHandle> use)
    {
        bool added = false;
        try
        {
            fd.DangerousAddRef(ref added);
            using SafeFileHandle file = new(fd.DangerousGetHandle(), ownsHandle: false);
            use(file);
        }
        finally
        {
            if (added)
            {
                fd.DangerousRelease();
            }
        }
    }
}
