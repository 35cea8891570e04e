using System.Text.Json;
using Xunit;

namespace SeccompRecorder.Tests.Grpc;

/// <summary>
/// A client with none of our .proto files (grpc-js-reflection-client on @grpc/grpc-js, from npm): it learns the API
/// from server reflection alone, in both versions, and calls it.
/// </summary>
public sealed class ReflectionClientTests : IClassFixture<GrpcTestHost>
{
    private readonly GrpcTestHost _host;

    public ReflectionClientTests(GrpcTestHost host) => _host = host;

    public static TheoryData<string, string> TransportsAndVersions => new()
    {
        { "tcp", "v1" },
        { "tcp", "v1alpha" },
        { "unix", "v1" },
        { "unix", "v1alpha" },
    };

    [Theory]
    [MemberData(nameof(TransportsAndVersions))]
    public async Task ReflectionOnlyClient_ListsServicesAndCallsFromFetchedDescriptors(string transport, string version)
    {
        string target = transport == "tcp" ? $"127.0.0.1:{_host.TcpPort}" : "unix:" + _host.SocketPath;

        JsonElement result = await NodeReflectionClient.RunAsync(target, version, "c1");

        NodeReflectionClient.AssertListsTheApi(result);
        JsonElement status = result.GetProperty("status");
        Assert.Equal(("OK", "0.1.0-test"), (status.GetProperty("code").GetString(), status.GetProperty("response").GetProperty("version").GetString()));
        JsonElement get = result.GetProperty("get");
        Assert.Equal("OK", get.GetProperty("code").GetString());
        JsonElement container = get.GetProperty("response");
        Assert.Equal(("c1", "CONTAINER_STATE_RUNNING"), (container.GetProperty("id").GetString(), container.GetProperty("state").GetString()));
        Assert.Equal("getpid", container.GetProperty("syscalls")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task ReflectionOnlyClient_UnknownId_NotFoundWithOurMessage()
    {
        JsonElement result = await NodeReflectionClient.RunAsync("unix:" + _host.SocketPath, "v1", "nope");

        JsonElement get = result.GetProperty("get");
        Assert.Equal(("NOT_FOUND", "container \"nope\" not found"), (get.GetProperty("code").GetString(), get.GetProperty("details").GetString()));
    }
}
