using System.Globalization;
using SeccompRecorder.Native;
using SeccompRecorder.Storage;

namespace SeccompRecorder.Tests.Integration;

/// <summary>
/// What a test can see of a state directory's lock from outside: the pid the file names, whether some process holds
/// the lock, and which process has the file open. Reads through <see cref="LockFile"/>: a .NET FileStream would take a
/// flock of its own and fail on the daemon's.
/// </summary>
internal static class StateLockProbe
{
    /// <summary>The lock file of the daemon run by DaemonProcess or FakeSystemd in <paramref name="daemonDirectory"/>.</summary>
    public static string PathIn(string daemonDirectory) => Path.Combine(daemonDirectory, "state", StateDirectoryLock.FileName);

    /// <summary>The pid the lock file names; null when it names none.</summary>
    public static int? Pid(string lockFile)
    {
        using SafeFdHandle fd = LockFile.Open(lockFile);
        return StateDirectoryLock.ParseHolder(LockFile.ReadText(fd, 64));
    }

    /// <summary>Whether some process holds the lock: this one cannot take it (when it can, it lets go at once).</summary>
    public static bool IsHeld(string lockFile)
    {
        using SafeFdHandle fd = LockFile.Open(lockFile);
        return !LockFile.TryLock(fd);
    }

    /// <summary>Whether process <paramref name="pid"/> has the lock file open (/proc/PID/fd).</summary>
    public static bool IsOpenIn(int pid, string lockFile) => DaemonFds.NonAssembly(pid).Contains(lockFile, StringComparer.Ordinal);

    /// <summary>The one line a daemon refused by the lock exits with.</summary>
    public static string RefusalLine(string stateDirectory, int holder) =>
        $"seccomp-recorder: state directory {stateDirectory} is in use by the daemon with pid {holder.ToString(CultureInfo.InvariantCulture)} "
        + $"(it holds {Path.Combine(stateDirectory, StateDirectoryLock.FileName)}): one daemon per state directory; stop that one, "
        + "or replace it with `daemon --takeover` on its sockets";
}
