using System.Diagnostics;
using System.Globalization;
using System.Text;
using SeccompRecorder.Tests.Grpc;

namespace SeccompRecorder.Tests.Integration;

/// <summary>
/// tests/helpers/notifyhand: N processes that each hand a notify fd to the daemon as runc does and hold it until
/// released. Protocol: it prints "attached N" once every child has sent its fd, waits for a line on stdin, then each
/// child makes K notified getppid and it prints one line per child and "done ...". Closing stdin early aborts it.
/// </summary>
internal sealed class NotifyHand : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private NotifyHand(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static NotifyHand Start(string helpersDir, string listenerPath, int children, int calls, string idPrefix) =>
        Start(helpersDir, listenerPath, children, calls, idPrefix, new Dictionary<string, string>());

    /// <summary>Each child silent for <paramref name="delay"/> between connect and sendmsg, as crun between create and start.</summary>
    public static Dictionary<string, string> SendDelay(TimeSpan delay) =>
        new() { ["NOTIFYHAND_SEND_DELAY_MS"] = ((long)delay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) };

    /// <summary>One container as runc 1.2+ hands it over: child 0 its init, the others execs, with that ociVersion.</summary>
    public static Dictionary<string, string> RuncExecs(string ociVersion) =>
        new() { ["NOTIFYHAND_EXECS"] = "1", ["NOTIFYHAND_OCI_VERSION"] = ociVersion };

    /// <summary>Each container with an annotation "big" of <paramref name="annotationBytes"/> and a listenerMetadata of
    /// <paramref name="metadataBytes"/> (0: "notifyhand").</summary>
    public static Dictionary<string, string> Sizes(int annotationBytes, int metadataBytes) =>
        new()
        {
            ["NOTIFYHAND_ANNOTATION_BYTES"] = annotationBytes.ToString(CultureInfo.InvariantCulture),
            ["NOTIFYHAND_METADATA_BYTES"] = metadataBytes.ToString(CultureInfo.InvariantCulture),
        };

    /// <param name="environment">NOTIFYHAND_* settings (see tests/helpers/notifyhand.c): <see cref="SendDelay"/>,
    /// <see cref="RuncExecs"/>, <see cref="Sizes"/>.</param>
    public static NotifyHand Start(string helpersDir, string listenerPath, int children, int calls, string idPrefix, IReadOnlyDictionary<string, string> environment)
    {
        ProcessStartInfo start = new(Path.Combine(helpersDir, "notifyhand"))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { listenerPath, children.ToString(CultureInfo.InvariantCulture), calls.ToString(CultureInfo.InvariantCulture), idPrefix })
        {
            start.ArgumentList.Add(arg);
        }

        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        return new NotifyHand(Process.Start(start) ?? throw new InvalidOperationException("notifyhand did not start"));
    }

    /// <summary>Until the helper says every child has handed its fd over; its stderr if it fails instead.</summary>
    public async Task WaitAttachedAsync(int children, TimeSpan timeout)
    {
        string? line = await _process.StandardOutput.ReadLineAsync().WaitAsync(timeout);
        if (line != $"attached {children}")
        {
            await _process.WaitForExitAsync().WaitAsync(TestTimeouts.Default);
            throw new InvalidOperationException($"notifyhand did not attach {children} children (first line '{line}', exit {_process.ExitCode}):\n{StandardError}");
        }
    }

    /// <summary>Releases the barrier; returns the exit code and stdout's per-child lines and summary.</summary>
    public async Task<(int ExitCode, string[] Lines)> ReleaseAsync(TimeSpan timeout)
    {
        await _process.StandardInput.WriteLineAsync("go").WaitAsync(timeout);
        await _process.StandardInput.FlushAsync().WaitAsync(timeout);
        string rest = await _process.StandardOutput.ReadToEndAsync().WaitAsync(timeout);
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return (_process.ExitCode, rest.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // Its children die with it (PR_SET_PDEATHSIG), holding nothing of the daemon's.
            _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(TestTimeouts.Default);
        }

        _process.Dispose();
    }
}
