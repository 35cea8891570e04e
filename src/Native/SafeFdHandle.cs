using System.Runtime.InteropServices;

namespace SeccompRecorder.Native;

/// <summary>Owns one file descriptor from the moment it exists; closing it is the only way it goes away.</summary>
public sealed class SafeFdHandle : SafeHandle
{
    public SafeFdHandle()
        : base(new IntPtr(-1), ownsHandle: true)
    {
    }

    public SafeFdHandle(int fd, bool ownsHandle = true)
        : base(new IntPtr(-1), ownsHandle)
    {
        SetHandle(new IntPtr(fd));
    }

    public override bool IsInvalid => handle.ToInt64() < 0;

    /// <summary>The fd number, for logs and /proc paths. Not for syscalls: use DangerousAddRef around those.</summary>
    public int FdForDisplay => (int)handle.ToInt64();

    protected override bool ReleaseHandle()
    {
        // close(2) must not be retried on EINTR on Linux: the fd is released either way.
        return Interop.close((int)handle.ToInt64()) == 0;
    }
}
