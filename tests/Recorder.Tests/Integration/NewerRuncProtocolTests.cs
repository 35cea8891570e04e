using SeccompRecorder.Api.V1;
using SeccompRecorder.Tests.Grpc;
using Xunit;

namespace SeccompRecorder.Tests.Integration;

/// <summary>
/// runc 1.2 to 1.5 cannot be installed here; what they send differently (../shared/REFERENCE.md) is played by
/// notifyhand: ociVersion "1.3.0", and an exec whose top-level pid is the exec'd process while state.pid is the init.
/// </summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class NewerRuncProtocolTests
{
    private readonly RuncEnvironment _env;

    public NewerRuncProtocolTests(RuncEnvironment env) => _env = env;

    [Fact]
    public async Task Runc13InitAndTwoExecs_OneContainerCountedExactly()
    {
        string dir = Path.Combine(_env.TempDir, "daemons", "runc13");
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(dir);
        await using NotifyHand hand = NotifyHand.Start(_env.HelpersDir, daemon.ListenerPath, 3, 50, "r13", NotifyHand.RuncExecs("1.3.0"));
        await hand.WaitAttachedAsync(3, TestTimeouts.Default);

        (int exitCode, string[] lines) = await hand.ReleaseAsync(TestTimeouts.Default);

        Assert.True(exitCode == 0, string.Join('\n', lines) + hand.StandardError);
        Container container = await daemon.WaitForContainerExitAsync("r13");
        int initPid = int.Parse(lines[0].Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((1U, "1.3.0", 3U, 150UL, initPid), (container.Run, container.OciVersion, container.ListenersTotal, container.Notifications, container.InitPid));
        using SeccompRecorder.Grpc.Client.RecorderClient client = daemon.Client();
        Assert.Single(await client.ListContainersAsync());
    }
}
