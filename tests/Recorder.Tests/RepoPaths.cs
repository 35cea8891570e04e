namespace SeccompRecorder.Tests;

internal static class RepoPaths
{
    /// <summary>The directory holding Recorder.sln, found by walking up from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The daemon's apphost, copied beside the tests because the test project references src/Recorder.</summary>
    public static string RecorderExecutable => Path.Combine(AppContext.BaseDirectory, "seccomp-recorder");

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
