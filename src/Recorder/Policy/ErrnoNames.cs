using System.Globalization;
using SeccompRecorder.Native;

namespace SeccompRecorder.Policy;

/// <summary>errno values as operators write them: a name from the Linux list (EPERM, ENOSYS, ...) or a number.</summary>
internal static class ErrnoNames
{
    /// <summary>Linux's largest errno (MAX_ERRNO); the kernel rejects a larger error in a notification response.</summary>
    public const int MaxErrno = 4095;

    public static bool TryParse(string text, out int errno)
    {
        string trimmed = text.Trim();
        if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out errno))
        {
            return errno is > 0 and <= MaxErrno;
        }

        if (trimmed.StartsWith('E') && Enum.TryParse(trimmed, ignoreCase: false, out Errno named) && Enum.IsDefined(named) && named != Errno.SUCCESS)
        {
            errno = (int)named;
            return true;
        }

        errno = 0;
        return false;
    }

    /// <summary>"ENOSYS" for a known value, the number otherwise.</summary>
    public static string Name(int errno) =>
        Enum.IsDefined((Errno)errno) ? ((Errno)errno).ToString() : errno.ToString(CultureInfo.InvariantCulture);
}
