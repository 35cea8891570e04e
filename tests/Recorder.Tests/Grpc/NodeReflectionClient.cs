using System.ComponentModel;
using System.Text.Json;
using SeccompRecorder.Demo;
using Xunit;

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

        ProcessResult result;
        try
        {
            result = await ProcessRunner.RunAsync(
                "node", [Path.Combine(ScriptDirectory, "reflection_client.js"), target, version, id], TestTimeouts.Default, CancellationToken.None);
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"node could not be started ({e.Message}): {InstallHint}.", e);
        }

        Assert.True(result.Succeeded, "reflection_client.js: " + result);
        return JsonDocument.Parse(result.StandardOutput).RootElement;
    }

    /// <summary>The four services and the Recorder's six methods, as the client learnt them from reflection alone.</summary>
    public static void AssertListsTheApi(JsonElement result)
    {
        Assert.Equal(
            ["grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", "seccomp.recorder.v1.Recorder"],
            result.GetProperty("services").EnumerateArray().Select(s => s.GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["DeleteContainer", "ExportProfile", "GetContainer", "GetStatus", "ListContainers", "WatchEvents"],
            result.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!).Order(StringComparer.Ordinal));
    }
}
