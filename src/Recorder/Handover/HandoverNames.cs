using System.Globalization;

namespace SeccompRecorder.Handover;

/// <summary>
/// Names of the fds in a hand-over. They double as systemd FDNAME values, so they keep to its rules: printable ASCII,
/// no ':' and at most 255 characters.
/// </summary>
internal static class HandoverNames
{
    public const string State = "state";
    public const string Listener = "listener";

    /// <summary>The state directory's lock (<see cref="Storage.StateDirectoryLock"/>); absent from a predecessor before it.</summary>
    public const string StateDirLock = "state-dir-lock";

    public static string Notify(int index) => string.Create(CultureInfo.InvariantCulture, $"notify-{index}");

    public static string Connection(int index) => string.Create(CultureInfo.InvariantCulture, $"connection-{index}");

    public static string InitPidFd(int index) => string.Create(CultureInfo.InvariantCulture, $"pidfd-{index}");

    /// <summary>What systemd accepts as an FDNAME (fdname_is_valid).</summary>
    public static bool IsValid(string name)
    {
        if (name.Length is 0 or > 255)
        {
            return false;
        }

        foreach (char c in name)
        {
            if (c is < ' ' or > '~' or ':')
            {
                return false;
            }
        }

        return true;
    }
}
