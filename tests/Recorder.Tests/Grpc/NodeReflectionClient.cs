using System.Diagnostics;
using System.Text.Json;

namespace SeccompRecorder.Tests.Grpc;

/// <summary>
/// Runs js/reflection_client.js under node with the npm packages scripts/install-test-deps.sh put in js/node_modules
/// (grpc-js-reflection-client and @grpc/grpc-js, versions locked in js/package-lock.json).
/// </summary>
internal static class NodeReflectionClient
{
    private const string InstallHint = "run scripts/install-test-deps.sh (it installs nodejs, npm and the packages of tests/Recorder.Tests/Grpc/js)";

    private static string ScriptDirectory => Path.Combine(RepoPaths.Root, "tests", "Recorder.Tests", "Grpc", "js");

    public static async Task<JsonElement> RunAsync(string target, string version, string id)
    {
        if (!Directory.Exists(Path.Combine(ScriptDirectory, "node_modules", "grpc-js-reflection-client")))
        {
            throw new InvalidOperationException($"{ScriptDirectory}/node_modules lacks grpc-js-reflection-client: {InstallHint}.");
        }

        var startInfo = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = ScriptDirectory,
        };
        foreach (string arg in new[] { Path.Combine(ScriptDirectory, "reflection_client.js"), target, version, id })
        {
            startInfo.ArgumentList.Add(arg);
        }

        // No proxy: the tests talk to 127.0.0.1 or a socket in a temp dir, whatever the environment says.
        startInfo.Environment["no_grpc_proxy"] = "*";
        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException("node did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"node could not be started ({e.Message}): {InstallHint}.", e);
        }

        using (process)
        {
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
                throw new InvalidOperationException($"reflection_client.js exited with {process.ExitCode}:\n{errors}");
            }

            return JsonDocument.Parse(output).RootElement;
        }
    }
}
