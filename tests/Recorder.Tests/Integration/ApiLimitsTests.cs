using System.Text.Json;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Tests.Grpc;
using Xunit;

namespace SeccompRecorder.Tests.Integration;

/// <summary>
/// Issue 11 part 5 against the daemon binary with a default grpcio client: answers stay within 4 MiB (ListContainers
/// pages, a container too large alone is summarised) and what a status message repeats of a request is bounded, so
/// neither the call nor the others on its connection fail.
/// </summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class ApiLimitsTests
{
    private const int FourMiB = 4 * 1024 * 1024;

    private readonly RuncEnvironment _env;

    public ApiLimitsTests(RuncEnvironment env) => _env = env;

    [Fact]
    public async Task ListContainers_EighteenContainersOf241KB_PagesUnder4MiBForGrpcioAndTheCli()
    {
        const int Containers = 18;
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(NewDirectory("pages"));
        await using NotifyHand hand = NotifyHand.Start(
            _env.HelpersDir, daemon.ListenerPath, Containers, 1, "big", NotifyHand.Sizes(annotationBytes: 241_000, metadataBytes: 0));
        await hand.WaitAttachedAsync(Containers, TestTimeouts.Default);
        string descriptors = await DescriptorsAsync(daemon);

        IReadOnlyList<JsonElement> lines = await PythonGrpcClient.RunAsync("unix:" + daemon.ApiPath, descriptors, "list", "list-pages:0", "list-pages:5");

        // One plain call (what a client that knows nothing of pages makes): the first page, and a token saying there is more.
        Assert.Equal("OK", lines[0].GetProperty("code").GetString());
        int firstPage = lines[0].GetProperty("response").GetProperty("containers").GetArrayLength();
        Assert.InRange(firstPage, 1, Containers - 1);
        Assert.NotEqual(string.Empty, lines[0].GetProperty("response").GetProperty("next_page_token").GetString());
        Assert.InRange(firstPage * 241_000, 1, FourMiB);
        Assert.All(lines.Skip(1), line =>
        {
            Assert.Equal("OK", line.GetProperty("code").GetString());
            Assert.Equal(
                Enumerable.Range(0, Containers).Select(i => $"big-{i}").Order(StringComparer.Ordinal),
                line.GetProperty("response").GetProperty("containers").EnumerateArray().Select(c => c.GetProperty("id").GetString()!));
        });
        Assert.Equal(2, lines[1].GetProperty("pages").GetInt32());
        Assert.Equal(4, lines[2].GetProperty("pages").GetInt32());

        using RecorderClient client = daemon.Client();
        IReadOnlyList<Container> listed = await client.ListContainersAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal(Containers, listed.Count(c => c.Id.StartsWith("big-", StringComparison.Ordinal) && c.Annotations["big"].Length == 241_000));

        (int exitCode, _) = await hand.ReleaseAsync(TestTimeouts.Default);
        Assert.Equal(0, exitCode);
        Assert.Empty(daemon.UnexpectedErrors());
    }

    [Fact]
    public async Task GetContainer_MetadataOf5MB_AnswerWithoutItSaysSo()
    {
        // A raised --max-message-bytes lets a runtime send a container larger than an API message may be.
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(NewDirectory("fit"), "--max-message-bytes", "8388608");
        await using NotifyHand hand = NotifyHand.Start(
            _env.HelpersDir, daemon.ListenerPath, 1, 1, "huge", NotifyHand.Sizes(annotationBytes: 0, metadataBytes: 5_000_000));
        await hand.WaitAttachedAsync(1, TestTimeouts.Default);
        (int exitCode, _) = await hand.ReleaseAsync(TestTimeouts.Default);
        Assert.Equal(0, exitCode);
        await daemon.WaitForContainerExitAsync("huge-0");
        string descriptors = await DescriptorsAsync(daemon);

        IReadOnlyList<JsonElement> lines = await PythonGrpcClient.RunAsync("unix:" + daemon.ApiPath, descriptors, "get:huge-0", "list");

        JsonElement container = lines[0].GetProperty("response");
        Assert.Equal(("OK", string.Empty), (lines[0].GetProperty("code").GetString(), container.GetProperty("metadata").GetString()));
        Assert.Equal(["metadata"], container.GetProperty("omitted").GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(("getppid", "1"), (container.GetProperty("syscalls")[0].GetProperty("name").GetString(), container.GetProperty("syscalls")[0].GetProperty("count").GetString()));
        JsonElement listed = Assert.Single(lines[1].GetProperty("response").GetProperty("containers").EnumerateArray());
        Assert.Equal(["metadata"], listed.GetProperty("omitted").GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Empty(daemon.UnexpectedErrors());
    }

    [Fact]
    public async Task LongIdNameOrErrno_8KBAnd100KB_BoundedStatusAndTheConnectionKeepsWorking()
    {
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(NewDirectory("echo"));
        string descriptors = await DescriptorsAsync(daemon);
        string[] commands =
        [
            "get-size:x:8000",
            "get-size:x:100000",
            "get-size:é:8000",
            "delete-size:x:8000",
            "export:2:@8000::x",
            "export:2::@8000:x",
            "export:0:@100000::x",
            "export:7:::x",
            "status",
        ];

        IReadOnlyList<JsonElement> lines = await PythonGrpcClient.RunAsync("unix:" + daemon.ApiPath, descriptors, commands);

        string[] codes = [.. lines.Select(l => l.GetProperty("code").GetString()!)];
        Assert.Equal(
            ["NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "INVALID_ARGUMENT", "INVALID_ARGUMENT", "INVALID_ARGUMENT", "INVALID_ARGUMENT", "OK"],
            codes);
        Assert.All(lines.SkipLast(1), l => Assert.InRange(l.GetProperty("details").GetString()!.Length, 10, 300));
        Assert.StartsWith("container \"xxxx", lines[0].GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("default_errno \"EEEE", lines[4].GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("name \"EEEE", lines[5].GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("format 7 is not one of PROFILE_FORMAT_OCI (1) and PROFILE_FORMAT_SPO (2)", lines[7].GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.Empty(daemon.UnexpectedErrors());
    }

    private string NewDirectory(string name) =>
        Directory.CreateDirectory(Path.Combine(_env.TempDir, "daemons", $"api-{name}-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    private static async Task<string> DescriptorsAsync(DaemonProcess daemon)
    {
        string path = Path.Combine(daemon.Directory, "descriptors.pb");
        await ProtoDescriptors.WriteSetAsync(path);
        return path;
    }
}
