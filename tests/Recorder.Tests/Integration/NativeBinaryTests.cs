using System.Text.Json;
using SeccompRecorder.Tests.Grpc;
using SeccompRecorder.Tests.Native;
using Xunit;

namespace SeccompRecorder.Tests.Integration;

/// <summary>
/// The binary every process test runs is the one that ships (issue 17): under `make test` (which sets RECORDER_BINARY)
/// or in CI, the native AOT build, never a silent fall-back to the JIT apphost; and the path the publish's one trim
/// suppression covers (gRPC server reflection, docs/DEPENDENCIES.md) works in that binary.
/// </summary>
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class NativeBinaryTests
{
    [Fact]
    public async Task RecorderExecutable_UnderMakeTestOrCi_IsTheNativeBinary()
    {
        string? requested = Environment.GetEnvironmentVariable(RepoPaths.RecorderBinaryVariable);
        bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        using TempDirectory temp = new();
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(temp.Path);

        // The JIT build maps the runtime (libcoreclr.so) and its JIT; a native AOT binary carries its runtime inside.
        bool mapsCoreClr = (await File.ReadAllTextAsync($"/proc/{daemon.Pid}/maps")).Contains("/libcoreclr.so", StringComparison.Ordinal);

        if (ci || !string.IsNullOrEmpty(requested))
        {
            Assert.False(string.IsNullOrEmpty(requested), $"CI=true but {RepoPaths.RecorderBinaryVariable} is unset: run the tests with `make test`");
            Assert.False(mapsCoreClr, $"{RepoPaths.RecorderExecutable} (pid {daemon.Pid}) runs on libcoreclr.so: not the native binary");
        }
        else
        {
            Assert.Equal(RepoPaths.JitApphost, RepoPaths.RecorderExecutable);
            Assert.True(mapsCoreClr, $"{RepoPaths.RecorderExecutable} (pid {daemon.Pid}) maps no libcoreclr.so: not the JIT apphost");
        }
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v1alpha")]
    public async Task ReflectionOnlyClient_AgainstTheDaemonBinary_GetsEveryServicesDescriptor(string version)
    {
        using TempDirectory temp = new();
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(temp.Path);

        JsonElement result = await NodeReflectionClient.RunAsync("unix:" + daemon.ApiPath, version, "no-such-container");

        // The reflection service lists the services whose descriptors it resolved: all four, or the fallback ran.
        NodeReflectionClient.AssertListsTheApi(result);
        JsonElement status = result.GetProperty("status");
        Assert.Equal(("OK", ThisAssembly.Version), (status.GetProperty("code").GetString(), status.GetProperty("response").GetProperty("version").GetString()));
        Assert.Equal("NOT_FOUND", result.GetProperty("get").GetProperty("code").GetString());
        Assert.DoesNotContain("Could not resolve service descriptor", daemon.Output, StringComparison.Ordinal);
    }
}
