using System.Diagnostics;
using System.Text.Json;

namespace SeccompRecorder.Tests.Grpc;

/// <summary>Runs py/grpc_client.py under Debian's python3-grpcio and returns the JSON line each command printed.</summary>
internal static class PythonGrpcClient
{
    // Not the python3 on PATH: that one may be a pyenv build without grpc.
    private const string Python = "/usr/bin/python3";

    public static Task<IReadOnlyList<JsonElement>> RunAsync(string target, string descriptorSetPath, params string[] commands) =>
        RunAsync(target, descriptorSetPath, [], commands);

    /// <param name="channelArgs">The script's own options before the commands: --tls-ca, --tls-cert, --tls-key.</param>
    public static async Task<IReadOnlyList<JsonElement>> RunAsync(
        string target, string descriptorSetPath, IReadOnlyList<string> channelArgs, params string[] commands)
    {
        await using PythonGrpcSession session = Start(target, descriptorSetPath, [.. channelArgs, .. commands]);
        int exitCode = await session.WaitForExitAsync();
        string output = session.RemainingOutput;
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"grpc_client.py exited with {exitCode}{Hint(session.Errors)}:\n{session.Errors}");
        }

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToList();
        if (lines.Count != commands.Length)
        {
            throw new InvalidOperationException($"expected {commands.Length} lines from grpc_client.py, got:\n{output}\n{session.Errors}");
        }

        return lines;
    }

    /// <summary>The script running, for commands whose lines come while the test acts (the *-to-end ones).</summary>
    public static PythonGrpcSession Start(string target, string descriptorSetPath, params string[] commands)
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

        return new PythonGrpcSession(Process.Start(startInfo) ?? throw new InvalidOperationException("python did not start"));
    }

    internal static string Hint(string errors) => errors.Contains("No module named", StringComparison.Ordinal)
        ? " (apt-get install python3-grpcio python3-protobuf)"
        : string.Empty;

    /// <summary>The script in the source tree.</summary>
    private static string ScriptPath => Path.Combine(RepoPaths.Root, "tests", "Recorder.Tests", "Grpc", "py", "grpc_client.py");
}
