using SeccompRecorder.Api.V1;
using SeccompRecorder.Grpc;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Grpc.Services;
using Xunit;

namespace SeccompRecorder.Tests.Grpc;

/// <summary>ExportProfile: validation and status codes in the handler, and the whole call through our client.</summary>
public sealed class ExportProfileTests : IClassFixture<GrpcTestHost>
{
    private readonly GrpcTestHost _host;
    private readonly RecorderApi _api = new(new FakeRecordingReader());

    public ExportProfileTests(GrpcTestHost host) => _host = host;

    [Theory]
    [InlineData(new string[0], "", "", (int)StatusCode.InvalidArgument)]
    [InlineData(new[] { "" }, "", "", (int)StatusCode.InvalidArgument)]
    [InlineData(new[] { "c1" }, "EWHAT", "", (int)StatusCode.InvalidArgument)]
    [InlineData(new[] { "c1" }, "0", "", (int)StatusCode.InvalidArgument)]
    [InlineData(new[] { "c1" }, "", "Not_A_Name", (int)StatusCode.InvalidArgument)]
    [InlineData(new[] { "c1", "nope" }, "", "", (int)StatusCode.NotFound)]
    public void ExportProfile_BadRequest_Status(string[] ids, string errno, string name, int expected)
    {
        var request = new ExportProfileRequest { DefaultErrno = errno, Name = name };
        request.ContainerIds.AddRange(ids);

        GrpcCallException e = Assert.Throws<GrpcCallException>(() => _api.ExportProfile(request));

        Assert.Equal((StatusCode)expected, e.StatusCode);
    }

    [Fact]
    public void ExportProfile_Unspecified_OciWithErrnoAndWarnings()
    {
        var request = new ExportProfileRequest { ContainerIds = { "c1", "c2" }, DefaultErrno = "ENOSYS" };

        ExportProfileResponse response = _api.ExportProfile(request);

        Assert.Equal(ProfileFormat.Oci, response.Format);
        Assert.Contains("\"defaultErrnoRet\": 38", response.Profile, StringComparison.Ordinal);
        // c1's getpid was denied every time but is in the runtime baseline; its x86 nr 999 has no name.
        Assert.Contains("\"getpid\"", response.Profile, StringComparison.Ordinal);
        Assert.Equal(["container c1: x86 nr 999 (1 calls) left out: not in the x86 syscall table"], response.Warnings);
    }

    [Fact]
    public async Task ExportProfileAsync_Spo_NameFromFirstId()
    {
        using RecorderClient client = new(_host.SocketPath);
        var request = new ExportProfileRequest { ContainerIds = { "c2" }, Format = ProfileFormat.Spo };

        ExportProfileResponse response = await client.ExportProfileAsync(request).WaitAsync(TestTimeouts.Default);

        Assert.Equal(ProfileFormat.Spo, response.Format);
        Assert.Contains("kind: SeccompProfile\nmetadata:\n  name: \"c2\"\n", response.Profile, StringComparison.Ordinal);
    }
}
