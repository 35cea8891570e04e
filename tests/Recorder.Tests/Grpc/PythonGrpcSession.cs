using System.Diagnostics;
using System.Text.Json;

namespace SeccompRecorder.Tests.Grpc;

/// <summary>grpc_client.py while it runs: its JSON lines one by one, then its exit; killed if the test ends first.</summary>
internal sealed class PythonGrpcSession : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stderr;

    public PythonGrpcSession(Process process)
    {
        _process = process;
        _stderr = process.StandardError.ReadToEndAsync();
    }

    /// <summary>What the script wrote on stderr; complete once it has exited.</summary>
    public string Errors => _stderr.IsCompletedSuccessfully ? _stderr.Result : string.Empty;

    /// <summary>Stdout not read by <see cref="ReadLineAsync"/>, once the script has exited.</summary>
    public string RemainingOutput { get; private set; } = string.Empty;

    /// <summary>The next JSON line; fails with the script's stderr if it ends first.</summary>
    public async Task<JsonElement> ReadLineAsync()
    {
        string? line = await _process.StandardOutput.ReadLineAsync().WaitAsync(TestTimeouts.Default);
        if (line is null)
        {
            await _process.WaitForExitAsync().WaitAsync(TestTimeouts.Default);
            string errors = await _stderr.WaitAsync(TestTimeouts.Default);
            throw new InvalidOperationException($"grpc_client.py ended (exit {_process.ExitCode}){PythonGrpcClient.Hint(errors)} before the line expected:\n{errors}");
        }

        return JsonDocument.Parse(line).RootElement;
    }

    /// <summary>Waits for the exit (killing the script on a timeout) and keeps the rest of stdout.</summary>
    public async Task<int> WaitForExitAsync()
    {
        Task<string> rest = _process.StandardOutput.ReadToEndAsync();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TestTimeouts.Default);
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            throw;
        }

        RemainingOutput = await rest.WaitAsync(TestTimeouts.Default);
        await _stderr.WaitAsync(TestTimeouts.Default);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TestTimeouts.Default);
        }

        _process.Dispose();
    }
}
