using System.Text.Json;
using SeccompRecorder.Demo;
using SeccompRecorder.Profiles;
using SeccompRecorder.Syscalls;
using SeccompRecorder.Tests.Grpc;
using SeccompRecorder.Tests.Native;
using Xunit;

namespace SeccompRecorder.Tests.Profiles;

public sealed class ProfileTextTests
{
    // Not the python3 on PATH: that one may be a pyenv build without PyYAML (Debian's python3-yaml).
    private const string Python = "/usr/bin/python3";

    private static readonly EnforcingProfile s_profile = ProfileBuilder.Build([ProfileSamples.Web, ProfileSamples.Worker], 1);

    [Fact]
    public void OciRender_MergedRecordings_GoldenJson()
    {
        const string expected = """
            {
              "defaultAction": "SCMP_ACT_ERRNO",
              "defaultErrnoRet": 1,
              "architectures": [
                "SCMP_ARCH_X86_64",
                "SCMP_ARCH_X86"
              ],
              "syscalls": [
                {
                  "names": [
                    "close",
                    "epoll_ctl",
                    "execve",
                    "fstatfs",
                    "futex",
                    "getdents64",
                    "getpid",
                    "mkdir",
                    "nanosleep",
                    "openat",
                    "prctl",
                    "read",
                    "readlink",
                    "restart_syscall",
                    "rt_sigprocmask",
                    "rt_sigreturn",
                    "sched_yield",
                    "sigaltstack",
                    "tgkill",
                    "write"
                  ],
                  "action": "SCMP_ACT_ALLOW"
                }
              ]
            }

            """;

        Assert.Equal(expected, OciProfileText.Render(s_profile));
    }

    [Fact]
    public void SpoRender_MergedRecordings_GoldenYaml()
    {
        const string expected = """
            # seccomp-recorder: recorded from Web_1, worker
            # warning: container Web_1: x86_64 nr 999 (2 calls) left out: not in the x86_64 syscall table
            # warning: container worker: nr 7 of architecture audit:0x12345678 (1 calls) left out: no seccomp architecture
            # warning: chroot left out: all 3 recorded calls were denied by the policy
            # warning: swapoff left out: all 2 recorded calls were denied by the policy
            apiVersion: security-profiles-operator.x-k8s.io/v1
            kind: SeccompProfile
            metadata:
              name: "web-1"
            spec:
              defaultAction: SCMP_ACT_ERRNO
              architectures:
              - "SCMP_ARCH_X86_64"
              - "SCMP_ARCH_X86"
              syscalls:
              - action: SCMP_ACT_ALLOW
                names:
                - "close"
                - "epoll_ctl"
                - "execve"
                - "fstatfs"
                - "futex"
                - "getdents64"
                - "getpid"
                - "mkdir"
                - "nanosleep"
                - "openat"
                - "prctl"
                - "read"
                - "readlink"
                - "restart_syscall"
                - "rt_sigprocmask"
                - "rt_sigreturn"
                - "sched_yield"
                - "sigaltstack"
                - "tgkill"
                - "write"

            """;

        Assert.Equal(expected, SpoProfileText.Render(s_profile, KubernetesName.From("Web_1"), SpoApiVersion.V1));
    }

    [Fact]
    public void SpoRender_OtherErrno_WarnsThatSpoCannotSayIt()
    {
        EnforcingProfile profile = ProfileBuilder.Build([ProfileSamples.Mixed], 38);

        Assert.Equal("SeccompProfile has no defaultErrnoRet: denied calls get EPERM, not ENOSYS", SpoProfileText.Warnings(profile)[^1]);
        Assert.Contains("\"defaultErrnoRet\": 38", OciProfileText.Render(profile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpoRender_ParsedByPyYaml_HasTheFields()
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: apt-get install python3-yaml");
        // A hostile container id ends up in the header comment: it must not add keys or lines.
        EnforcingProfile profile = ProfileBuilder.Build([ProfileSamples.Container("x\nkind: Pod\r\"#"), ProfileSamples.Web], 1);
        using var dir = new TempDirectory();
        string path = dir.CreateFile("profile.yaml", SpoProfileText.Render(profile, "my.profile-1", SpoApiVersion.V1));
        const string script = "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))";

        ProcessResult python = await ProcessRunner.RunAsync(Python, ["-c", script, path], TestTimeouts.Default, CancellationToken.None);

        Assert.True(python.Succeeded, python.ToString());
        using JsonDocument parsed = JsonDocument.Parse(python.StandardOutput);
        JsonElement root = parsed.RootElement;
        Assert.Equal(SpoProfileText.ApiVersion(SpoApiVersion.V1), root.GetProperty("apiVersion").GetString());
        Assert.Equal("SeccompProfile", root.GetProperty("kind").GetString());
        Assert.Equal("my.profile-1", root.GetProperty("metadata").GetProperty("name").GetString());
        JsonElement spec = root.GetProperty("spec");
        Assert.Equal("SCMP_ACT_ERRNO", spec.GetProperty("defaultAction").GetString());
        Assert.Equal(profile.Architectures, spec.GetProperty("architectures").EnumerateArray().Select(a => a.GetString()!));
        JsonElement rule = Assert.Single(spec.GetProperty("syscalls").EnumerateArray());
        Assert.Equal("SCMP_ACT_ALLOW", rule.GetProperty("action").GetString());
        Assert.Equal(profile.AllowedSyscalls, rule.GetProperty("names").EnumerateArray().Select(n => n.GetString()!));
        Assert.Equal(["apiVersion", "kind", "metadata", "spec"], root.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [InlineData("line\nbreak\t", "\"line\\u000abreak\\u0009\"")]
    public void Quote_Value_DoubleQuotedAndEscaped(string value, string expected) =>
        Assert.Equal(expected, SpoProfileText.Quote(value));

    [Theory]
    [InlineData("web", "web")]
    [InlineData("Web_1", "web-1")]
    [InlineData("--a.b--", "a-b")]
    [InlineData("___", "profile")]
    public void KubernetesNameFrom_ContainerId_ValidName(string id, string expected)
    {
        string name = KubernetesName.From(id);

        Assert.Equal(expected, name);
        Assert.True(KubernetesName.IsValid(name));
    }

    [Theory]
    [InlineData("my.profile-1", true)]
    [InlineData("Upper", false)]
    [InlineData("-start", false)]
    [InlineData("", false)]
    [InlineData("a..b", false)]
    public void KubernetesNameIsValid_Name_AsDns1123Subdomain(string name, bool valid) =>
        Assert.Equal(valid, KubernetesName.IsValid(name));

    [Fact]
    public void Template_X86_64AndX86_EveryKnownNameButWriteNotified()
    {
        var template = SeccompProfileJson.Template("/run/l.sock", "m=1", [SyscallArch.X86_64, SyscallArch.X86]);

        Assert.Equal("SCMP_ACT_ALLOW", (string?)template["defaultAction"]);
        Assert.Equal(("/run/l.sock", "m=1"), ((string?)template["listenerPath"], (string?)template["listenerMetadata"]));
        Assert.Equal(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"], template["architectures"]!.AsArray().Select(a => (string)a!));
        var names = template["syscalls"]![0]!["names"]!.AsArray().Select(n => (string)n!).ToList();
        Assert.DoesNotContain("write", names);
        Assert.Contains("socketcall", names); // i386 only
        Assert.Contains("execve", names);
        Assert.Equal(
            SyscallTable.Names(SyscallArch.X86_64).Union(SyscallTable.Names(SyscallArch.X86)).Count() - 1,
            names.Count);
    }
}
