using System.Globalization;

namespace SeccompRecorder.Storage;

/// <summary>
/// Another daemon holds the state directory's lock (<see cref="StateDirectoryLock"/>). The message is the one line the
/// daemon exits with: the directory, the pid its lock file names, and what to do.
/// </summary>
internal sealed class StateDirectoryInUseException : IOException
{
    public StateDirectoryInUseException(string stateDir, string lockFile, int? holder, bool holderRunning)
        : base(Describe(stateDir, lockFile, holder, holderRunning))
    {
        Holder = holder;
    }

    /// <summary>The pid the lock file names; null when it names none.</summary>
    public int? Holder { get; }

    private static string Describe(string stateDir, string lockFile, int? holder, bool holderRunning)
    {
        string who = holder switch
        {
            null => $"another process ({lockFile} is locked and names no pid)",
            { } pid when holderRunning => string.Create(CultureInfo.InvariantCulture, $"the daemon with pid {pid} (it holds {lockFile})"),
            { } pid => string.Create(
                CultureInfo.InvariantCulture,
                $"another process: {lockFile} names pid {pid}, which has exited, and its lock is still held (by systemd's fd store while the service restarts?)"),
        };
        return $"state directory {stateDir} is in use by {who}: one daemon per state directory; stop that one, "
            + "or replace it with `daemon --takeover` on its sockets";
    }
}
