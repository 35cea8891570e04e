using System.Diagnostics;
using SeccompRecorder.Agent;
using SeccompRecorder.Demo;
using SeccompRecorder.Native;
using SeccompRecorder.Recording;
using SeccompRecorder.Tests.Native;
using Xunit;

namespace SeccompRecorder.Tests.Agent;

/// <summary>
/// BUNDLE/config.json as the peer names it: read through the peer's /proc view, never through a symlink, only a
/// regular file of bounded size owned by root or the peer.
/// </summary>
public sealed class BundleConfigTests
{
    private const string Profile = """
        {"linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW",
          "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_NOTIFY"}]}}}
        """;

    private static readonly PeerCredentials s_self = new(Environment.ProcessId, CurrentUid(), 0);

    [Fact]
    public void Read_ConfigInBundle_Known()
    {
        using var dir = new TempDirectory();
        string bundle = Bundle(dir, Profile);

        SyscallCoverage coverage = BundleConfig.Read(s_self, bundle + "/");

        Assert.True(coverage.IsKnown, coverage.Unknown);
        Assert.Equal(["mkdir"], coverage.Archs[0].Notified);
    }

    [Fact]
    public void Read_ConfigIsASymlink_Refused()
    {
        using var dir = new TempDirectory();
        string real = dir.CreateFile("real.json", Profile);
        Directory.CreateDirectory(dir.File("bundle"));
        File.CreateSymbolicLink(dir.File("bundle/config.json"), real);

        Assert.Equal("the bundle's config.json was not read: there is a symlink on its path", BundleConfig.Read(s_self, dir.File("bundle")).Unknown);
    }

    [Fact]
    public void Read_BundlePathThroughASymlink_Refused()
    {
        using var dir = new TempDirectory();
        string bundle = Bundle(dir, Profile);
        Directory.CreateSymbolicLink(dir.File("link"), bundle);

        Assert.Equal("the bundle's config.json was not read: there is a symlink on its path", BundleConfig.Read(s_self, dir.File("link")).Unknown);
    }

    [Fact]
    public async Task Read_Fifo_RefusedWithoutBlocking()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("bundle"));
        ProcessResult mkfifo = await ProcessRunner.RunAsync("/usr/bin/mkfifo", [dir.File("bundle/config.json")], TestTimeouts.Default, CancellationToken.None);
        Assert.True(mkfifo.Succeeded, mkfifo.ToString());

        SyscallCoverage coverage = await Task.Run(() => BundleConfig.Read(s_self, dir.File("bundle"))).WaitAsync(TestTimeouts.Default);

        Assert.Equal("the bundle's config.json is not a regular file", coverage.Unknown);
    }

    [Fact]
    public void Read_LargerThanTheBound_Refused()
    {
        using var dir = new TempDirectory();
        string bundle = Bundle(dir, Profile + new string(' ', BundleConfig.MaxBytes));

        Assert.Equal($"the bundle's config.json is larger than {BundleConfig.MaxBytes} bytes", BundleConfig.Read(s_self, bundle).Unknown);
    }

    [Fact]
    public void Read_NotJson_ReasonNeverQuotesTheContent()
    {
        using var dir = new TempDirectory();
        string bundle = Bundle(dir, "{\"SECRET-CONTENT\": ");

        SyscallCoverage coverage = BundleConfig.Read(s_self, bundle);

        Assert.Equal("the bundle's config.json is not JSON", coverage.Unknown);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/no/such/bundle")]
    public void Read_NoBundleOrNoFile_Unknown(string bundle) =>
        Assert.False(BundleConfig.Read(s_self, bundle).IsKnown);

    [Fact]
    public void Read_PeerPidNotVisible_Unknown() =>
        Assert.Equal("the runtime's pid is not visible to the daemon (another pid namespace)", BundleConfig.Read(s_self with { Pid = 0 }, "/tmp").Unknown);

    [Fact]
    public async Task Read_RelativeBundle_ResolvedInThePeersWorkingDirectoryAndNeverAboveIt()
    {
        // crun's exec sends ".": the runtime's working directory, seen through /proc/PID/cwd of another process.
        using var dir = new TempDirectory();
        string bundle = Bundle(dir, Profile);
        using Process peer = Process.Start(new ProcessStartInfo("/bin/sleep", "30") { WorkingDirectory = bundle })!;
        try
        {
            PeerCredentials credentials = s_self with { Pid = peer.Id };

            Assert.True(BundleConfig.Read(credentials, ".").IsKnown);
            Assert.Equal("the bundle's config.json was not read: its path leaves the runtime's directory", BundleConfig.Read(credentials, "../bundle").Unknown);
        }
        finally
        {
            peer.Kill();
            await peer.WaitForExitAsync().WaitAsync(TestTimeouts.Default);
        }
    }

    [Fact]
    [Trait(TestTraits.Requires, TestTraits.Root)]
    public void Read_OwnedByAnotherUid_Refused()
    {
        using var dir = new TempDirectory();
        string bundle = Bundle(dir, Profile);
        ProcessResultSync("/bin/chown", "4242", Path.Combine(bundle, "config.json"));

        Assert.Equal("the bundle's config.json is owned by uid 4242, neither root nor the runtime's uid 0", BundleConfig.Read(s_self with { Uid = 0 }, bundle).Unknown);
        Assert.True(BundleConfig.Read(s_self with { Uid = 4242 }, bundle).IsKnown);
    }

    private static string Bundle(TempDirectory dir, string config)
    {
        string bundle = dir.File("bundle");
        Directory.CreateDirectory(bundle);
        File.WriteAllText(Path.Combine(bundle, "config.json"), config);
        return bundle;
    }

    private static void ProcessResultSync(string program, params string[] args)
    {
        ProcessResult result = ProcessRunner.RunAsync(program, args, TestTimeouts.Default, CancellationToken.None).GetAwaiter().GetResult();
        Assert.True(result.Succeeded, result.ToString());
    }

    private static uint CurrentUid()
    {
        // "Uid:\treal\teffective\tsaved\tfs": the effective uid owns the files this test creates.
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        return uint.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[2], System.Globalization.CultureInfo.InvariantCulture);
    }
}
