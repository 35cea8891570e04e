using System.Globalization;
using Microsoft.Extensions.Logging;
using SeccompRecorder.Native;

namespace SeccompRecorder.Storage;

/// <summary>
/// One daemon per state directory: an exclusive flock(2) on <c>daemon.lock</c> in it, held for the daemon's whole life,
/// because two daemons on one database delete each other's recordings (retention) and overwrite each other's rows.
/// The lock is the open file, not the process (<see cref="LockFile"/>): a successor receives it with the other fds of a
/// takeover or from systemd's fd store after a restart, so no third daemon gets in between; the kernel releases it
/// when a killed daemon's last copy closes, so a lock file left behind never blocks. flock does not say who holds a
/// lock: the holder writes its pid in the file, and a daemon that finds it locked names that pid.
/// </summary>
internal sealed class StateDirectoryLock : IDisposable
{
    public const string FileName = "daemon.lock";

    private readonly string _stateDir;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private SafeFdHandle? _fd;

    public StateDirectoryLock(StorageSettings settings, ILogger<StateDirectoryLock> logger)
    {
        _stateDir = settings.StateDir;
        _logger = logger;
        FilePath = Path.Combine(_stateDir, FileName);
    }

    public string FilePath { get; }

    /// <summary>The held lock's fd, for a hand-over to send (a copy holds the same lock); null until <see cref="Take"/>.</summary>
    public SafeFdHandle? Handle
    {
        get
        {
            lock (_gate)
            {
                return _fd;
            }
        }
    }

    /// <summary>
    /// Holds the lock from now on, through <paramref name="handedOver"/> (taken: the predecessor's copy, which holds it
    /// already) when that is this directory's lock file, else by locking the file here. Does nothing once held.
    /// Throws <see cref="StateDirectoryInUseException"/> naming the pid in the file when another daemon holds it.
    /// </summary>
    public void Take(SafeFdHandle? handedOver)
    {
        lock (_gate)
        {
            if (_fd is not null)
            {
                handedOver?.Dispose();
                return;
            }

            Directory.CreateDirectory(_stateDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            if (handedOver is not null)
            {
                if (LockFile.IsFileAt(handedOver, FilePath) && LockFile.TryLock(handedOver))
                {
                    _fd = handedOver;
                    StorageLog.LockHandedOver(_logger, FilePath);
                    return;
                }

                // A predecessor configured with another state directory: its lock is not this one's.
                StorageLog.LockNotThisDirectory(_logger, FilePath);
                handedOver.Dispose();
            }

            SafeFdHandle fd = LockFile.Open(FilePath);
            try
            {
                if (!LockFile.TryLock(fd))
                {
                    int? holder = ParseHolder(LockFile.ReadText(fd, 64));
                    throw new StateDirectoryInUseException(_stateDir, FilePath, holder, holder is { } pid && IsRunning(pid));
                }

                LockFile.WriteText(fd, PidLine());
            }
            catch
            {
                fd.Dispose();
                throw;
            }

            _fd = fd;
            StorageLog.Locked(_logger, FilePath);
        }
    }

    /// <summary>
    /// Writes this process's pid in the lock file: once a predecessor that handed the lock over is gone, the file names
    /// the daemon that holds it. Takes the lock first if nothing handed it over.
    /// </summary>
    public void Claim()
    {
        Take(null);
        lock (_gate)
        {
            LockFile.WriteText(_fd!, PidLine());
        }
    }

    /// <summary>
    /// Closes this process's copy. The lock is released only with the last copy: after a hand-over the successor's (or
    /// systemd's) keeps it. The file stays: deleting it would let a daemon lock a new file while another still holds the old.
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _fd?.Dispose();
        }
    }

    /// <summary>The pid the holder wrote; null when the file holds none (a holder between its lock and its write).</summary>
    internal static int? ParseHolder(string text) =>
        int.TryParse(text.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid > 0 ? pid : null;

    private static bool IsRunning(int pid)
    {
        if (!PidFd.TryOpen(pid, out SafeFdHandle pidfd))
        {
            return false;
        }

        pidfd.Dispose();
        return true;
    }

    private static string PidLine() => string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}\n");
}
