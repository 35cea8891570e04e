using System.ComponentModel;
using SeccompRecorder.Demo;
using Xunit;

namespace SeccompRecorder.Tests.Integration;

/// <summary>
/// The previous release's daemon, built from this repository's history: <c>git archive</c> of <see cref="Commit"/> into a
/// directory of its own outside the tree (so its Directory.Build.props, Directory.Packages.props and global.json are the
/// ones that build it, not ours), then <c>dotnet build</c> there. Built once per test run and kept in the temp directory
/// under the full commit id, so later runs on the machine start at once. Missing git or history fails: CI runs on a full
/// clone, and a skipped upgrade test there would hide that upgrades were never tested.
/// </summary>
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class PreviousRelease : IAsyncLifetime
{
    /// <summary>The last commit before runs and schema 2: what a machine upgrades from.</summary>
    public const string Commit = "9219c56";

    private const string ReadyMarker = "release-built";
    private static readonly TimeSpan s_buildTimeout = TimeSpan.FromMinutes(10);
    private static readonly Lazy<Task<string>> s_executable = new(BuildOnceAsync);

    public string Executable { get; private set; } = string.Empty;

    public async Task InitializeAsync() => Executable = await s_executable.Value;

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<string> BuildOnceAsync()
    {
        string full = (await RunAsync("git", ["-C", RepoPaths.Root, "rev-parse", "--verify", "--quiet", Commit + "^{commit}"], TimeSpan.FromMinutes(1),
            problem => $"the previous release {Commit} is not in the history of {RepoPaths.Root} ({problem}); the upgrade tests need a full clone, not a shallow one")).Trim();
        string cache = Path.Combine(Path.GetTempPath(), $"seccomp-recorder-release-{full}");
        string executable = Path.Combine(cache, "src", "Recorder", "bin", "Release", "net10.0", "linux-x64", "seccomp-recorder");
        if (File.Exists(Path.Combine(cache, ReadyMarker)) && File.Exists(executable))
        {
            return executable;
        }

        // Built beside the cache and renamed into place whole: a build cut short never looks finished, and two test runs
        // building at once both end with one complete copy.
        string work = Directory.CreateTempSubdirectory($"seccomp-recorder-release-{Commit}-building-").FullName;
        try
        {
            string tree = Path.Combine(work, "tree");
            Directory.CreateDirectory(tree);
            string archive = Path.Combine(work, "release.tar");
            await RunAsync("git", ["-C", RepoPaths.Root, "archive", "--format=tar", "--output", archive, full], TimeSpan.FromMinutes(2), problem => $"git archive {Commit} failed: {problem}");
            await RunAsync("tar", ["-x", "-f", archive, "-C", tree], TimeSpan.FromMinutes(2), problem => $"unpacking {Commit} failed: {problem}");
            CheckNothingAbove(tree);
            // No build servers: one left running would hold this build's output pipes, and the test would wait on them.
            // Its warnings are not ours to fix (a newer SDK may add analyzers), and analyzers only cost time here.
            await RunAsync(
                "dotnet",
                ["build", Path.Combine(tree, "src", "Recorder", "Recorder.csproj"), "-c", "Release", "-nologo", "--disable-build-servers",
                 "-p:TreatWarningsAsErrors=false", "-p:RunAnalyzers=false"],
                s_buildTimeout,
                problem => $"building the previous release {Commit} failed (NuGet restore must work from the local cache): {problem}");
            string built = Path.Combine(tree, "src", "Recorder", "bin", "Release", "net10.0", "linux-x64", "seccomp-recorder");
            if (!File.Exists(built))
            {
                throw new InvalidOperationException($"the previous release {Commit} built, but {built} is missing");
            }

            await File.WriteAllTextAsync(Path.Combine(tree, ReadyMarker), full + "\n");
            if (Directory.Exists(cache) && !File.Exists(Path.Combine(cache, ReadyMarker)))
            {
                Directory.Delete(cache, recursive: true); // left by a build cut short
            }

            try
            {
                Directory.Move(tree, cache);
            }
            catch (IOException) when (File.Exists(Path.Combine(cache, ReadyMarker)))
            {
                // Another test run finished first; its copy is as good.
            }

            return executable;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>MSBuild and the SDK look upwards for these: none may come from outside the release's own tree.</summary>
    private static void CheckNothingAbove(string tree)
    {
        for (DirectoryInfo? dir = Directory.GetParent(tree); dir is not null; dir = dir.Parent)
        {
            foreach (string name in (string[])["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "NuGet.config", "nuget.config"])
            {
                if (File.Exists(Path.Combine(dir.FullName, name)))
                {
                    throw new InvalidOperationException($"{Path.Combine(dir.FullName, name)} would take part in building the previous release in {tree}");
                }
            }
        }
    }

    private static async Task<string> RunAsync(string program, IReadOnlyList<string> args, TimeSpan timeout, Func<string, string> failure)
    {
        ProcessResult result;
        try
        {
            result = await ProcessRunner.RunAsync(program, args, timeout, CancellationToken.None);
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(failure($"{program} cannot run: {e.Message}"), e);
        }
        catch (TimeoutException e)
        {
            throw new InvalidOperationException(failure(e.Message), e);
        }

        if (!result.Succeeded)
        {
            // A build's errors are at the end of its output.
            string output = (result.StandardOutput + result.StandardError).Trim();
            throw new InvalidOperationException(failure($"exit {result.ExitCode}: {(output.Length > 6000 ? "..." + output[^6000..] : output)}"));
        }

        return result.StandardOutput;
    }
}
