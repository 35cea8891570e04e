using Microsoft.Win32.SafeHandles;

namespace SeccompRecorder.Native;

/// <summary>
/// An anonymous in-memory file (memfd_create(2)): state that travels with file descriptors, to a new daemon over
/// SCM_RIGHTS or through systemd's fd store, and lives exactly as long as some process holds it.
/// </summary>
public static class MemFd
{
    /// <summary>A sealed memfd holding <paramref name="content"/>: no one can change it after this returns.</summary>
    public static SafeFdHandle Create(string name, ReadOnlySpan<byte> content)
    {
        int fd = Interop.memfd_create(name, Interop.MFD_CLOEXEC | Interop.MFD_ALLOW_SEALING);
        if (fd < 0)
        {
            throw new ErrnoException(Interop.LastErrno(), "memfd_create");
        }

        SafeFdHandle handle = new(fd);
        try
        {
            using (SafeFileHandle file = new(fd, ownsHandle: false))
            {
                RandomAccess.Write(file, content, 0);
            }

            if (Interop.fcntl(fd, Interop.F_ADD_SEALS, Interop.F_SEAL_SEAL | Interop.F_SEAL_SHRINK | Interop.F_SEAL_GROW | Interop.F_SEAL_WRITE) < 0)
            {
                throw new ErrnoException(Interop.LastErrno(), "fcntl(F_ADD_SEALS)");
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The whole content of a memfd (or any regular file fd), refusing more than <paramref name="maxBytes"/>.</summary>
    public static byte[] ReadAll(SafeFdHandle fd, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(fd);
        bool added = false;
        try
        {
            fd.DangerousAddRef(ref added);
            using SafeFileHandle file = new(fd.DangerousGetHandle(), ownsHandle: false);
            long length = RandomAccess.GetLength(file);
            if (length > maxBytes)
            {
                throw new InvalidDataException($"the state file is {length} bytes, more than the {maxBytes} accepted");
            }

            byte[] content = new byte[length];
            int read = 0;
            while (read < content.Length)
            {
                int n = RandomAccess.Read(file, content.AsSpan(read), read);
                if (n == 0)
                {
                    throw new InvalidDataException($"the state file ended after {read} of {length} bytes");
                }

                read += n;
            }

            return content;
        }
        finally
        {
            if (added)
            {
                fd.DangerousRelease();
            }
        }
    }

    /// <summary>Sets FD_CLOEXEC on an fd inherited across exec (systemd passes LISTEN_FDS without it).</summary>
    public static void SetCloseOnExec(SafeFdHandle fd)
    {
        ArgumentNullException.ThrowIfNull(fd);
        bool added = false;
        try
        {
            fd.DangerousAddRef(ref added);
            int raw = fd.DangerousGetHandle().ToInt32();
            int flags = Interop.fcntl(raw, Interop.F_GETFD, 0);
            if (flags < 0 || Interop.fcntl(raw, Interop.F_SETFD, flags | Interop.FD_CLOEXEC) < 0)
            {
                throw new ErrnoException(Interop.LastErrno(), "fcntl(F_SETFD, FD_CLOEXEC)");
            }
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
