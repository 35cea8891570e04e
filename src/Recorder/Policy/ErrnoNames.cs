using System.Globalization;
using SeccompRecorder.Native;

namespace SeccompRecorder.Policy;

/// <summary>errno values as operators write them: a name from the Linux list (EPERM, ENOSYS, ...) or a number.</summary>
internal static class ErrnoNames
{
    /// <summary>Linux's largest errno (MAX_ERRNO); the kernel rejects a larger error in a notification response.</summary>
    public const int MaxErrno = 4095;

    /// <summary>
    /// A name in any case (EPERM, eperm) or a decimal number from 1 to <see cref="MaxErrno"/>, and nothing around it:
    /// " EPERM" is refused, not trimmed (listenerMetadata trims around its values itself, as its format allows).
    /// </summary>
    public static bool TryParse(string text, out int errno)
    {
        errno = 0;
        if (text.Length > 0 && char.IsAsciiDigit(text[0]))
        {
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out errno) && errno is > 0 and <= MaxErrno)
            {
                return true;
            }

            errno = 0;
            return false;
        }

        // Enum.TryParse alone would also take " EPERM", "1" and "EPERM,ENOENT".
        if (text is not ['E' or 'e', ..] || !text.All(char.IsAsciiLetterOrDigit)
            || !Enum.TryParse(text, ignoreCase: true, out Errno named) || !Enum.IsDefined(named))
        {
            return false;
        }

        errno = (int)named;
        return true;
    }

    /// <summary>"ENOSYS" for a known value, the number otherwise.</summary>
    public static string Name(int errno) =>
        Enum.IsDefined((Errno)errno) ? ((Errno)errno).ToString() : errno.ToString(CultureInfo.InvariantCulture);
}
