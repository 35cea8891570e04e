using Grpc.Core;
using SeccompRecorder.Api.V1;
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
    [InlineData(new string[0], 0, "", "", (int)StatusCode.InvalidArgument)]
    [InlineData(new[] { "" }, 0, "", "", (int)StatusCode.InvalidArgument)]
    [InlineData(new[] { "c1" }, 0, "EWHAT", "", (int)StatusCode.InvalidArgument)]
    [InlineData(new[] { "c1" }, 0, "0", "", (int)StatusCode.InvalidArgument)]
    [InlineData(new[] { "c1" }, 0, " EPERM", "", (int)StatusCode.InvalidArgument)]
    [InlineData(new[] { "c1" }, 0, "EPERM ", "", (int)StatusCode.InvalidArgument)]
    [InlineData(new[] { "c1" }, (int)ProfileFormat.Spo, "", "Not_A_Name", (int)StatusCode.InvalidArgument)]
    [InlineData(new[] { "c1" }, 3, "", "", (int)StatusCode.InvalidArgument)]
    [InlineData(new[] { "c1" }, -1, "", "", (int)StatusCode.InvalidArgument)]
    [InlineData(new[] { "c1", "nope" }, 0, "", "", (int)StatusCode.NotFound)]
    public void ExportProfile_BadRequest_Status(string[] ids, int format, string errno, string name, int expected)
    {
        var request = new ExportProfileRequest { Format = (ProfileFormat)format, DefaultErrno = errno, Name = name };
        request.ContainerIds.AddRange(ids);

        RpcException e = Assert.Throws<RpcException>(() => _api.ExportProfile(request));

        Assert.Equal((StatusCode)expected, e.StatusCode);
    }

    [Fact]
    public void ExportProfile_UnknownFormat_InvalidArgumentNamingTheKnownOnes()
    {
        var request = new ExportProfileRequest { ContainerIds = { "c1" }, Format = (ProfileFormat)7 };

        RpcException e = Assert.Throws<RpcException>(() => _api.ExportProfile(request));

        Assert.Equal(
            "format 7 is not one of PROFILE_FORMAT_OCI (1) and PROFILE_FORMAT_SPO (2); unset (0) is OCI",
            e.Status.Detail);
    }

    [Fact]
    public void ExportProfile_TooManyIds_InvalidArgumentBeforeAnyLookup()
    {
        var request = new ExportProfileRequest();
        // FakeRecordingReader throws for this id: no lookup may run.
        request.ContainerIds.AddRange(Enumerable.Repeat(FakeRecordingReader.ThrowingId, ProfileExport.MaxContainerIds + 1));

        RpcException e = Assert.Throws<RpcException>(() => _api.ExportProfile(request));

        Assert.Equal((StatusCode.InvalidArgument, "at most 1024 container ids are merged, not 1025"), (e.StatusCode, e.Status.Detail));
    }

    [Theory]
    [InlineData(ProfileFormat.Oci)]
    [InlineData(ProfileFormat.Unspecified)]
    public void ExportProfile_OciWithNameSpoWouldRefuse_NameNeitherCheckedNorUsed(ProfileFormat format)
    {
        var request = new ExportProfileRequest { ContainerIds = { "c2" }, Format = format, Name = "Not_A_Name" };

        ExportProfileResponse response = _api.ExportProfile(request);

        Assert.Equal(ProfileFormat.Oci, response.Format);
        Assert.DoesNotContain("Not_A_Name", response.Profile, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eperm", 1)]
    [InlineData("ENOSYS", 38)]
    [InlineData("enosys", 38)]
    [InlineData("38", 38)]
    public void ExportProfile_ErrnoAnyCase_DefaultErrnoRet(string errno, int expected)
    {
        var request = new ExportProfileRequest { ContainerIds = { "c2" }, DefaultErrno = errno };

        ExportProfileResponse response = _api.ExportProfile(request);

        Assert.Contains($"\"defaultErrnoRet\": {expected}", response.Profile, StringComparison.Ordinal);
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
        // Neither recording has coverage: only their notified syscalls are known.
        Assert.Equal(
        [
            "container c1: x86 nr 999 (1 calls) left out: not in the x86 syscall table",
            "container c1: only its notified syscalls are known (the bundle's config.json was not read); what its profile allowed without notifying is not in this profile",
            "container c2: only its notified syscalls are known (the bundle's config.json was not read); what its profile allowed without notifying is not in this profile",
        ], response.Warnings);
        Assert.Equal(0u, response.WarningsOmitted);
    }

    [Theory]
    [InlineData(SpoApiVersion.Unspecified, "security-profiles-operator.x-k8s.io/v1")]
    [InlineData(SpoApiVersion.V1, "security-profiles-operator.x-k8s.io/v1")]
    [InlineData(SpoApiVersion.V1Beta1, "security-profiles-operator.x-k8s.io/v1beta1")]
    public void ExportProfile_SpoApiVersion_WrittenAsAsked(SpoApiVersion version, string expected)
    {
        var request = new ExportProfileRequest { ContainerIds = { "c2" }, Format = ProfileFormat.Spo, SpoApiVersion = version };

        ExportProfileResponse response = _api.ExportProfile(request);

        Assert.Contains($"\napiVersion: {expected}\nkind: SeccompProfile\n", response.Profile, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportProfile_UnknownSpoApiVersion_InvalidArgumentForSpoOnly()
    {
        var spo = new ExportProfileRequest { ContainerIds = { "c2" }, Format = ProfileFormat.Spo, SpoApiVersion = (SpoApiVersion)9 };
        var oci = new ExportProfileRequest { ContainerIds = { "c2" }, Format = ProfileFormat.Oci, SpoApiVersion = (SpoApiVersion)9 };

        RpcException e = Assert.Throws<RpcException>(() => _api.ExportProfile(spo));

        Assert.Equal(
            (StatusCode.InvalidArgument, "spo_api_version 9 is not one of SPO_API_VERSION_V1 (1) and SPO_API_VERSION_V1BETA1 (2); unset (0) is v1"),
            (e.StatusCode, e.Status.Detail));
        Assert.Equal(ProfileFormat.Oci, _api.ExportProfile(oci).Format);
    }

    [Fact]
    public void AddWarnings_MoreThanFit_KeepsTheFirstAndCountsTheRest()
    {
        var response = new ExportProfileResponse { Profile = "{}" };
        string[] warnings = [.. Enumerable.Range(0, 10).Select(i => $"warning {i} " + new string('x', 90))];
        // Each warning is 102 bytes on the wire (tag, length, 100 characters): three fit, a fourth does not.
        int budget = response.CalculateSize() + (3 * 102) + 50;

        ProfileExport.AddWarnings(response, warnings, budget);

        Assert.Equal(warnings[..3], response.Warnings);
        Assert.Equal(7u, response.WarningsOmitted);
    }

    [Fact]
    public void AddWarnings_ProfileAloneTooLarge_ResourceExhausted()
    {
        var response = new ExportProfileResponse { Profile = new string('a', 1000) };

        RpcException e = Assert.Throws<RpcException>(() => ProfileExport.AddWarnings(response, [], 500));

        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
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
