using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace SeccompRecorder.Tests.Native;

/// <summary>
/// Compiles probe/abi_probe.c with gcc into a temp dir, runs it once per test run and parses its "name value" lines:
/// what the C headers of this machine say about the structs and constants we declare in C#.
/// </summary>
internal static class AbiProbe
{
    private static readonly Lazy<Task<IReadOnlyDictionary<string, long>>> s_values = new(RunAsync);

    /// <summary>Throws with an actionable message when gcc is missing: CI has it, so a missing gcc is a failure, not a skip.</summary>
    public static Task<IReadOnlyDictionary<string, long>> ValuesAsync() => s_values.Value.WaitAsync(TestTimeouts.Default);

    /// <summary>The value the headers gave <paramref name="name"/>; fails the test naming it when the probe did not print it.</summary>
    public static long Get(IReadOnlyDictionary<string, long> values, string name) =>
        values.TryGetValue(name, out long value) ? value : throw new Xunit.Sdk.XunitException($"the ABI probe printed no \"{name}\"");

    private static async Task<IReadOnlyDictionary<string, long>> RunAsync()
    {
        string source = Path.Combine(RepoPaths.Root, "tests", "Recorder.Tests", "Native", "probe", "abi_probe.c");
        using TempDirectory output = new();
        string executable = output.File("abi_probe");
        (int gccExit, string _, string gccErrors) = await RunProcessAsync("gcc", ["-Wall", "-Wextra", "-Werror", "-O0", "-o", executable, source]);
        if (gccExit != 0)
        {
            throw new InvalidOperationException($"gcc failed to compile {source} (exit {gccExit}):\n{gccErrors}");
        }

        (int exit, string stdout, string stderr) = await RunProcessAsync(executable, []);
        if (exit != 0)
        {
            throw new InvalidOperationException($"the ABI probe exited with {exit}: {stderr}");
        }

        Dictionary<string, long> values = new(StringComparer.Ordinal);
        foreach (string line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = line.Split(' ');
            values.Add(parts[0], long.Parse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        }

        return values;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunProcessAsync(string fileName, string[] arguments)
    {
        ProcessStartInfo startInfo = new(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{fileName} did not start");
        }
        catch (Win32Exception e) when (fileName == "gcc")
        {
            throw new InvalidOperationException(
                "gcc is required by the ABI layout tests (they compile a C probe against the system headers): "
                + "install it with `apt-get install gcc` (CI has it; these tests must not be skipped).", e);
        }

        using (process)
        {
            using CancellationTokenSource deadline = new(TestTimeouts.Default);
            try
            {
                Task<string> stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
                Task<string> stderr = process.StandardError.ReadToEndAsync(deadline.Token);
                await process.WaitForExitAsync(deadline.Token);
                return (process.ExitCode, await stdout, await stderr);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{fileName} did not finish within {TestTimeouts.Default}");
            }
        }
    }

}
