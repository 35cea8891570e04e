namespace SeccompRecorder.Native;

/// <summary>The errno values this project reacts to (Linux generic numbering, the same on x86_64 and arm64).</summary>
public enum Errno
{
    SUCCESS = 0,
    EPERM = 1,
    ENOENT = 2,
    ESRCH = 3,
    EINTR = 4,
    EIO = 5,
    EBADF = 9,
    EAGAIN = 11,
    ENOMEM = 12,
    EACCES = 13,
    EFAULT = 14,
    EBUSY = 16,
    EEXIST = 17,
    EXDEV = 18,
    ENOTDIR = 20,
    EINVAL = 22,
    EMFILE = 24,
    ENOTTY = 25,
    ENOSPC = 28,
    EPIPE = 32,
    ENAMETOOLONG = 36,
    ENOSYS = 38,
    ELOOP = 40,
    ENOTSOCK = 88,
    EADDRINUSE = 98,
    ECONNRESET = 104,
    ECONNREFUSED = 111,
    EINPROGRESS = 115,
}
