using Grpc.Core;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Grpc.Services;
using SeccompRecorder.Recording;
using SeccompRecorder.Tests.Recording;
using Xunit;

namespace SeccompRecorder.Tests.Grpc;

/// <summary>Ids by unique prefix and runs by number, through the API's own methods over a real registry.</summary>
public sealed class ContainerLookupApiTests : IAsyncLifetime
{
    private const string PodmanA = "3f4e9a0c1b2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f";
    private const string PodmanB = "3f4e000000000000000000000000000000000000000000000000000000000000";

    private RecordingHarness _harness = null!;
    private RecorderApi _api = null!;

    public async Task InitializeAsync()
    {
        _harness = await RecordingHarness.StartAsync();
        _api = new RecorderApi(_harness.Registry);
        ContainerRecording first = _harness.Registry.Attach(RecordingHarness.Identity(PodmanA, initPid: 100), RecordingHarness.RecordPolicy, 100, isExec: false, initPidFd: null);
        first.RecordCall(RecordingHarness.X86_64(110), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
        _harness.Registry.Detach(first);
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        _harness.Registry.Attach(RecordingHarness.Identity(PodmanA, initPid: 200), RecordingHarness.RecordPolicy, 200, isExec: false, initPidFd: null);
        _harness.Registry.Attach(RecordingHarness.Identity(PodmanB, initPid: 300), RecordingHarness.RecordPolicy, 300, isExec: false, initPidFd: null);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public void GetContainer_UniquePrefix_NewestRunOfThatId()
    {
        Container container = _api.GetContainer(new GetContainerRequest { Id = "3f4e9a" });

        Assert.Equal((PodmanA, 2U, 200), (container.Id, container.Run, container.InitPid));
    }

    [Fact]
    public void GetContainer_PrefixAndRun_ThatRun()
    {
        Container container = _api.GetContainer(new GetContainerRequest { Id = "3f4e9a0c", Run = 1 });

        Assert.Equal((1U, 1UL, ContainerState.Exited), (container.Run, container.Notifications, container.State));
    }

    [Fact]
    public void GetContainer_AmbiguousPrefix_InvalidArgumentListingMatches()
    {
        RpcException e = Assert.Throws<RpcException>(() => _api.GetContainer(new GetContainerRequest { Id = "3f4e" }));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains(PodmanA, e.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(PodmanB, e.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3f4", 0u)] // shorter than 4: no prefix
    [InlineData("nope", 0u)]
    [InlineData("3f4e9a", 3u)] // no such run
    public void GetContainer_UnknownIdOrRun_NotFound(string id, uint run)
    {
        RpcException e = Assert.Throws<RpcException>(() => _api.GetContainer(new GetContainerRequest { Id = id, Run = run }));

        Assert.Equal(StatusCode.NotFound, e.StatusCode);
    }

    [Fact]
    public void ExportProfile_PrefixAndRun_ThatRunsCallsAndNameFromTheWholeId()
    {
        ExportProfileResponse response = _api.ExportProfile(new ExportProfileRequest { ContainerIds = { "3f4e9a" }, Run = 1, Format = ProfileFormat.Spo });

        Assert.Contains("getppid", response.Profile, StringComparison.Ordinal);
        Assert.Matches($"\n  name: \"?{PodmanA}\"?\n", response.Profile);
    }

    [Fact]
    public void ExportProfile_RunWithTwoIds_InvalidArgument()
    {
        RpcException e = Assert.Throws<RpcException>(
            () => _api.ExportProfile(new ExportProfileRequest { ContainerIds = { PodmanA, PodmanB }, Run = 1 }));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
    }
}
