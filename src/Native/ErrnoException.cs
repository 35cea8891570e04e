using System.Runtime.InteropServices;

namespace SeccompRecorder.Native;

/// <summary>A libc call failed with an errno the caller did not expect. The message names the call.</summary>
public sealed class ErrnoException : Exception
{
    public ErrnoException(Errno errno, string operation)
        : base($"{operation} failed: {Describe(errno)}")
    {
        Errno = errno;
        Operation = operation;
    }

    public Errno Errno { get; }

    public string Operation { get; }

    /// <summary>strerror text plus the symbolic name when we know it, e.g. "Invalid argument (EINVAL)".</summary>
    public static string Describe(Errno errno)
    {
        string text = Marshal.GetPInvokeErrorMessage((int)errno);
        return Enum.IsDefined(errno) ? $"{text} ({errno})" : $"{text} (errno {(int)errno})";
    }
}
