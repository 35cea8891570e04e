using Google.Protobuf;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Grpc;
using SeccompRecorder.Grpc.Services;
using SeccompRecorder.Recording;
using SeccompRecorder.Syscalls;
using Xunit;

namespace SeccompRecorder.Tests.Grpc;

/// <summary>Answers within 4 MiB: ListContainers' pages, a container summarised to fit, bounded echoes of request text.</summary>
public sealed class ResponseLimitsTests
{
    private static readonly ContainerSnapshot Template = new FakeRecordingReader().Containers[1];

    [Fact]
    public void Build_EighteenContainersOf241KB_TwoPagesUnderTheLimitEveryContainerOnce()
    {
        // The case: one answer of 4.35 MB, refused by a default grpcio client.
        ContainerSnapshot[] all = [.. Enumerable.Range(0, 18).Select(i => Snapshot($"c{i:D2}", annotationBytes: 241_000))];

        ListContainersResponse first = ContainerPage.Build(all, after: null, pageSize: 0);
        Assert.True(PageToken.TryParse(first.NextPageToken, out RunKey after));
        ListContainersResponse second = ContainerPage.Build(all, after, pageSize: 0);

        Assert.All(new[] { first, second }, page => Assert.InRange(page.CalculateSize(), 1, GrpcLimits.MaxMessageBytes));
        Assert.Equal(all.Select(c => c.Id), first.Containers.Concat(second.Containers).Select(c => c.Id));
        Assert.Empty(second.NextPageToken);
        Assert.All(first.Containers.Concat(second.Containers), c => Assert.Null(c.Omitted));
    }

    [Fact]
    public void Build_PageSize_ThatManyInKeyOrderThenTheRest()
    {
        ContainerSnapshot[] all = [Snapshot("b"), Snapshot("a"), Snapshot("a", run: 2), Snapshot("c"), Snapshot("a", runtimeNamespace: "k8s.io")];

        ListContainersResponse first = ContainerPage.Build(all, after: null, pageSize: 2);
        Assert.True(PageToken.TryParse(first.NextPageToken, out RunKey after));
        ListContainersResponse second = ContainerPage.Build(all, after, pageSize: 2);
        Assert.True(PageToken.TryParse(second.NextPageToken, out after));
        ListContainersResponse third = ContainerPage.Build(all, after, pageSize: 2);

        Assert.Equal(["a/1", "a/2"], first.Containers.Select(Name));
        Assert.Equal(["b/1", "c/1"], second.Containers.Select(Name));
        Assert.Equal(["k8s.io:a/1"], third.Containers.Select(Name));
        Assert.Empty(third.NextPageToken);
    }

    [Fact]
    public void Build_ExactlyPageSizeLeft_NoToken()
    {
        ListContainersResponse page = ContainerPage.Build([Snapshot("a"), Snapshot("b")], after: null, pageSize: 2);

        Assert.Equal(2, page.Containers.Count);
        Assert.Empty(page.NextPageToken);
    }

    [Fact]
    public void Build_ContainerLargerThanTheBudget_SentAloneSummarised()
    {
        ContainerSnapshot[] all = [Snapshot("a", annotationBytes: 2000), Snapshot("b", annotationBytes: 20_000, metadataBytes: 30_000)];

        ListContainersResponse first = ContainerPage.Build(all, after: null, pageSize: 0, budget: 10_000);
        Assert.True(PageToken.TryParse(first.NextPageToken, out RunKey after));
        ListContainersResponse second = ContainerPage.Build(all, after, pageSize: 0, budget: 10_000);

        Assert.Equal(["a"], first.Containers.Select(c => c.Id));
        Container b = Assert.Single(second.Containers);
        Assert.InRange(b.CalculateSize(), 1, 10_000);
        Assert.Equal(["metadata"], b.Omitted.Fields);
        Assert.InRange(b.Omitted.Annotations, 1u, 19u);
        Assert.Equal(20, b.Annotations.Count + (int)b.Omitted.Annotations);
        Assert.Empty(second.NextPageToken);
    }

    [Fact]
    public void Fit_SyscallsOverBudget_LeastCalledLeftOutOrderKept()
    {
        SyscallSnapshot[] syscalls = [.. Enumerable.Range(0, 300).Select(i => Syscall(nr: i, count: 1000 - i))];
        Container container = ProtoMapper.ToContainer(Snapshot("a") with { Syscalls = syscalls }, includeSyscalls: true);
        int full = container.CalculateSize();

        Container fitted = ContainerFit.Fit(container.Clone(), full / 2);

        Assert.InRange(fitted.CalculateSize(), 1, full / 2);
        Assert.Equal((uint)(300 - fitted.Syscalls.Count), fitted.Omitted.Syscalls);
        Assert.Equal(Enumerable.Range(0, fitted.Syscalls.Count).Select(i => (long)i), fitted.Syscalls.Select(s => s.Nr));
        Assert.Empty(fitted.Omitted.Fields);
    }

    [Fact]
    public void Fit_WithinBudget_Untouched()
    {
        Container container = ProtoMapper.ToContainer(Snapshot("a", annotationBytes: 1000), includeSyscalls: true);
        Container copy = container.Clone();

        Assert.Same(container, ContainerFit.Fit(container, GrpcLimits.ResponseBudgetBytes));
        Assert.Equal(copy, container);
        Assert.Null(container.Omitted);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 !")]
    [InlineData("YQ")] // "a": no separators
    [InlineData("YQBiAGM")] // "a\0b\0c": run is not a number
    [InlineData("YQBiADA")] // "a\0b\00": run 0
    [InlineData("AAAx")] // "\0\01": empty id
    [InlineData("__8")] // not UTF-8
    public void TryParse_NotOneWeGaveOut_False(string token) => Assert.False(PageToken.TryParse(token, out _));

    [Fact]
    public void TryParse_Huge_FalseWithoutDecoding() => Assert.False(PageToken.TryParse(new string('A', 1_000_000), out _));

    [Fact]
    public void Format_ThenTryParse_SameKey()
    {
        RunKey key = new("k8s.io", "é" + new string('x', 1023), 12);

        Assert.True(PageToken.TryParse(PageToken.Format(key), out RunKey parsed));
        Assert.Equal(key, parsed);
    }

    [Theory]
    [InlineData(99, 99)]
    [InlineData(100, 100)]
    [InlineData(101, 100)]
    [InlineData(8000, 100)]
    public void Quote_LongValue_CutTo100WithEllipsis(int length, int expectedInside)
    {
        string quoted = EchoedText.Quote(new string('x', length));

        Assert.Equal(expectedInside + 2, quoted.Length);
        Assert.Equal(length > 100, quoted.EndsWith("...\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Bound_CutInsideSurrogatePair_KeepsThePairWhole()
    {
        string value = new string('x', 96) + "😀😀😀";

        string bounded = EchoedText.Bound(value, 100);

        Assert.Equal(new string('x', 96) + "...", bounded);
    }

    [Fact]
    public void BoundUtf8_ManyMultiByteChars_WithinTheBytes()
    {
        string detail = "container \"" + new string('é', 5000) + "\" not found";

        string bounded = EchoedText.BoundUtf8(detail, GrpcLimits.MaxStatusDetailBytes);

        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(bounded), 1, GrpcLimits.MaxStatusDetailBytes);
        Assert.EndsWith("...", bounded, StringComparison.Ordinal);
    }

    [Fact]
    public void ToEvent_HugeDetail_BoundedEvent()
    {
        var rejected = new RecorderEvent(RecorderEventKind.Rejected, FakeRecordingReader.T0, new string('i', 1024), 1, null, 0, new string('d', 10_000_000));

        Event e = ProtoMapper.ToEvent(rejected);

        Assert.Equal(ProtoMapper.MaxEventDetailChars, e.Detail.Length);
        Assert.InRange(e.CalculateSize(), 1, 16 * 1024);
    }

    private static string Name(Container c) =>
        (c.RuntimeNamespace.Length > 0 ? c.RuntimeNamespace + ":" : string.Empty) + c.Id + "/" + c.Run;

    private static ContainerSnapshot Snapshot(string id, int annotationBytes = 0, int metadataBytes = 0, int run = 1, string runtimeNamespace = "")
    {
        // Annotations of about 1000 bytes each, as many as make annotationBytes.
        var annotations = new Dictionary<string, string>();
        for (int i = 0; i * 1000 < annotationBytes; i++)
        {
            annotations[$"example.com/a{i:D4}"] = new string('v', 1000 - 17);
        }

        return Template with
        {
            Id = id,
            Run = run,
            RuntimeNamespace = runtimeNamespace,
            Annotations = annotations,
            Metadata = new string('m', metadataBytes),
        };
    }

    private static SyscallSnapshot Syscall(long nr, long count) =>
        new(SyscallArch.X86_64, "x86_64", nr, "s" + nr, count, 0, FakeRecordingReader.T0, FakeRecordingReader.T0);
}
