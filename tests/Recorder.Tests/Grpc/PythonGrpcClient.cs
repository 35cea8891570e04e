using System.Diagnostics;
using System.Text.Json;

namespace SeccompRecorder.Tests.Grpc;

/// <summary>Runs py/grpc_client.py under Debian's python3-grpcio and returns the JSON line each command printed.</summary>
internal static class PythonGrpcClient
{
    // Not the python3 on PATH: that one may be a pyenv build without grpc.
    private const string Python = "/usr/bin/python3";

    public static async Task<IReadOnlyList<JsonElement>> RunAsync(string target, string descriptorSetPath, params string[] commands)
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException(
                $"{Python} is missing: these tests need a real gRPC client (apt-get install python3-grpcio python3-protobuf).");
        }

        var startInfo = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(ScriptPath);
        startInfo.ArgumentList.Add("--target");
        startInfo.ArgumentList.Add(target);
        startInfo.ArgumentList.Add("--descriptors");
        startInfo.ArgumentList.Add(descriptorSetPath);
        foreach (string command in commands)
        {
            startInfo.ArgumentList.Add(command);
        }

        using Process process = Process.Start(startInfo) ?? throw new InvalidOperationException("python did not start");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TestTimeouts.Default);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        string output = await stdout.WaitAsync(TestTimeouts.Default);
        string errors = await stderr.WaitAsync(TestTimeouts.Default);
        if (process.ExitCode != 0)
        {
            string hint = errors.Contains("No module named", StringComparison.Ordinal)
                ? " (apt-get install python3-grpcio python3-protobuf)"
                : string.Empty;
            throw new InvalidOperationException($"grpc_client.py exited with {process.ExitCode}{hint}:\n{errors}");
        }

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToList();
        if (lines.Count != commands.Length)
        {
            throw new InvalidOperationException($"expected {commands.Length} lines from grpc_client.py, got:\n{output}\n{errors}");
        }

        return lines;
    }

    /// <summary>The script in the source tree.</summary>
    private static string ScriptPath => Path.Combine(RepoPaths.Root, "tests", "Recorder.Tests", "Grpc", "py", "grpc_client.py");
}
