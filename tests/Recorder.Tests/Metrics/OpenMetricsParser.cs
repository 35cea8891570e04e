using System.Text.Json;
using SeccompRecorder.Demo;
using SeccompRecorder.Tests.Native;

namespace SeccompRecorder.Tests.Metrics;

/// <summary>
/// python3-prometheus-client's strict OpenMetrics parser (Debian's package, installed by scripts/install-test-deps.sh)
/// through py/openmetrics_check.py. Missing, it fails the test loudly: CI has it.
/// </summary>
internal static class OpenMetricsParser
{
    // Not the python3 on PATH: that one may be a pyenv build without Debian's packages.
    private const string Python = "/usr/bin/python3";

    private static string ScriptPath => Path.Combine(RepoPaths.Root, "tests", "Recorder.Tests", "Metrics", "py", "openmetrics_check.py");

    /// <summary>The parser's verdict on <paramref name="exposition"/>: exit 0 and the families as JSON, or exit 1 and why.</summary>
    public static async Task<ProcessResult> CheckAsync(byte[] exposition)
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing (apt-get install python3-prometheus-client)");
        }

        using TempDirectory temp = new();
        string path = temp.File("exposition.txt");
        await File.WriteAllBytesAsync(path, exposition).WaitAsync(TestTimeouts.Default);
        ProcessResult result = await ProcessRunner.RunAsync(Python, [ScriptPath, path], TestTimeouts.Default, CancellationToken.None);
        if (result.StandardError.Contains("No module named 'prometheus_client'", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"python3-prometheus-client is not installed (apt-get install python3-prometheus-client): {result}");
        }

        return result;
    }

    /// <summary>The families the parser read; throws with its message when it refused the exposition.</summary>
    public static async Task<IReadOnlyList<ParsedFamily>> ParseAsync(byte[] exposition)
    {
        ProcessResult result = await CheckAsync(exposition);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"the OpenMetrics parser refused the exposition: {result}");
        }

        return JsonSerializer.Deserialize<List<ParsedFamily>>(result.StandardOutput, s_json) ?? [];
    }

    private static readonly JsonSerializerOptions s_json = new() { PropertyNameCaseInsensitive = true };
}
