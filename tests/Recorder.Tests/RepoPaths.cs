namespace SeccompRecorder.Tests;

internal static class RepoPaths
{
    /// <summary>Names the daemon binary the tests run; `make test` sets it to the native binary (out/seccomp-recorder).</summary>
    public const string RecorderBinaryVariable = "RECORDER_BINARY";

    /// <summary>The directory holding Recorder.sln, found by walking up from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// The daemon and CLI every process test runs: <see cref="RecorderBinaryVariable"/> when set (what ships, the native
    /// binary), else the JIT build's apphost, copied beside the tests because the test project references src/Recorder.
    /// </summary>
    public static string RecorderExecutable { get; } = FindRecorder();

    /// <summary>The JIT build's apphost beside the test assembly, whatever <see cref="RecorderBinaryVariable"/> says.</summary>
    public static string JitApphost => Path.Combine(AppContext.BaseDirectory, "seccomp-recorder");

    private static string FindRecorder()
    {
        string? requested = Environment.GetEnvironmentVariable(RecorderBinaryVariable);
        if (string.IsNullOrEmpty(requested))
        {
            return JitApphost;
        }

        string path = Path.GetFullPath(requested, Root);
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{RecorderBinaryVariable}={requested}: no such file (`make build` publishes out/seccomp-recorder)");
    }

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Recorder.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Recorder.sln above {AppContext.BaseDirectory}");
    }
}
