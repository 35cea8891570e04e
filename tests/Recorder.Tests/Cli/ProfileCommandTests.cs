using System.Text.Json.Nodes;
using SeccompRecorder.Tests.Grpc;
using SeccompRecorder.Tests.Native;
using Xunit;

namespace SeccompRecorder.Tests.Cli;

/// <summary>profile template (no daemon) and profile export against the in-process server.</summary>
public sealed class ProfileCommandTests : IClassFixture<GrpcTestHost>
{
    private readonly GrpcTestHost _host;

    public ProfileCommandTests(GrpcTestHost host) => _host = host;

    [Fact]
    public async Task Template_ListenerArchsMetadata_PrintsTheNotifyObject()
    {
        CommandRun run = await CommandRun.CompletedAsync("profile", "template", "--listener", "/tmp/l.sock", "--arch", "x86_64, x86", "--metadata", "policy=record");

        Assert.Equal(0, run.ExitCode);
        JsonObject template = JsonNode.Parse(run.Output.Text)!.AsObject();
        Assert.Equal(("SCMP_ACT_ALLOW", "/tmp/l.sock", "policy=record"),
            ((string?)template["defaultAction"], (string?)template["listenerPath"], (string?)template["listenerMetadata"]));
        Assert.Equal(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"], template["architectures"]!.AsArray().Select(a => (string)a!));
        Assert.Equal("SCMP_ACT_NOTIFY", (string?)template["syscalls"]![0]!["action"]);
        Assert.EndsWith("}\n", run.Output.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"write\"", run.Output.Text, StringComparison.Ordinal);
        Assert.Equal(SeccompRecorder.Cli.ProfileCommand.WriteNote, run.Error.Text);
    }

    [Fact]
    public async Task Template_UnknownArch_FailsNamingIt()
    {
        CommandRun run = await CommandRun.CompletedAsync("profile", "template", "--arch", "mips");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("seccomp-recorder: --arch \"mips\": not one of x86_64, x86, x32, aarch64, arm\n", run.Error.Text);
    }

    [Fact]
    public async Task Export_Oci_ProfileOnStdoutWarningsOnStderr()
    {
        CommandRun run = await CommandRun.CompletedAsync("profile", "export", "c1", "--api", _host.SocketPath, "--default-errno", "38");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("SCMP_ACT_ERRNO", (string?)JsonNode.Parse(run.Output.Text)!["defaultAction"]);
        Assert.Equal(
            "warning: container c1: x86 nr 999 (1 calls) left out: not in the x86 syscall table\n"
            + "warning: container c1: only its notified syscalls are known (the bundle's config.json was not read); what its profile allowed without notifying is not in this profile\n",
            run.Error.Text);
    }

    [Fact]
    public async Task Export_OutputFile_WritesTheFileAndNothingOnStdout()
    {
        using var dir = new TempDirectory();
        string file = dir.File("c2.yaml");

        CommandRun run = await CommandRun.CompletedAsync("profile", "export", "c2", "--format", "spo", "--file", file, "--api", _host.SocketPath);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Output.Text);
        Assert.Contains("kind: SeccompProfile\n", File.ReadAllText(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_OutputJson_UsageErrorAndNoFileNamedJson()
    {
        using var dir = new TempDirectory();
        string json = dir.File("json");

        CommandRun run = await CommandRun.CompletedAsync("profile", "export", "c2", "--output", json, "--api", _host.SocketPath);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'--output'", run.Error.Text, StringComparison.Ordinal);
        Assert.EndsWith("Run 'seccomp-recorder profile export --help' for usage.\n", run.Error.Text, StringComparison.Ordinal);
        Assert.False(File.Exists(json));
    }

    [Fact]
    public async Task Export_SpoBadName_InvalidArgument()
    {
        CommandRun run = await CommandRun.CompletedAsync("profile", "export", "c2", "--format", "spo", "--name", "Bad_Name", "--api", _host.SocketPath);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("seccomp-recorder: INVALID_ARGUMENT: name \"Bad_Name\" is not a Kubernetes name", run.Error.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "security-profiles-operator.x-k8s.io/v1\n")]
    [InlineData(new[] { "--spo-api-version", "v1beta1" }, "security-profiles-operator.x-k8s.io/v1beta1\n")]
    public async Task Export_SpoApiVersion_V1UnlessAskedFor(string[] option, string expected)
    {
        CommandRun run = await CommandRun.CompletedAsync(["profile", "export", "c2", "--format", "spo", .. option, "--api", _host.SocketPath]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\napiVersion: " + expected, run.Output.Text, StringComparison.Ordinal);
    }
}
