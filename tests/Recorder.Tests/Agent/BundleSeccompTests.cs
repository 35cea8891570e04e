using System.Text;
using SeccompRecorder.Agent;
using SeccompRecorder.Recording;
using SeccompRecorder.Syscalls;
using Xunit;

namespace SeccompRecorder.Tests.Agent;

/// <summary>The coverage of a bundle's linux.seccomp: what each arch's table names is notified, allowed silently or denied.</summary>
public sealed class BundleSeccompTests
{
    [Fact]
    public void Parse_NarrowNotifyProfile_RestAllowedSilently()
    {
        SyscallCoverage coverage = Parse("""
            {"ociVersion": "1.0.2", "linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"],
              "listenerPath": "/run/x.sock",
              "syscalls": [{"names": ["mkdir", "openat", "no_such_call"], "action": "SCMP_ACT_NOTIFY"},
                           {"names": ["chroot"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}}}
            """);

        ArchCoverage x86_64 = Assert.Single(coverage.Archs);
        Assert.True(coverage.IsKnown);
        Assert.Equal("x86_64", x86_64.Arch);
        Assert.Equal(["mkdir", "openat"], x86_64.Notified);
        Assert.Equal(["chroot"], x86_64.Denied);
        Assert.Equal(SyscallTable.Names(SyscallArch.X86_64).Count - 3, x86_64.AllowedSilently.Count);
        Assert.Contains("brk", x86_64.AllowedSilently);
        Assert.Equal(x86_64.AllowedSilently.Order(StringComparer.Ordinal), x86_64.AllowedSilently);
    }

    [Fact]
    public void Parse_AllowListWithConditionalRule_ConditionalOneAlsoGetsTheDefault()
    {
        SyscallCoverage coverage = Parse("""
            {"linux": {"seccomp": {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
              "syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
                           {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_EQ"}]},
                           {"names": ["getpid"], "action": "SCMP_ACT_LOG"}]}}}
            """);

        ArchCoverage arch = Assert.Single(coverage.Archs);
        Assert.Empty(arch.Notified);
        Assert.Equal(["getpid", "personality", "read", "write"], arch.AllowedSilently);
        Assert.Contains("personality", arch.Denied);
        Assert.DoesNotContain("read", arch.Denied);
        Assert.Equal(SyscallTable.Names(SyscallArch.X86_64).Count - 3, arch.Denied.Count);
    }

    [Fact]
    public void Parse_SeveralArchitectures_OnePerKnownArchNativeAlways()
    {
        SyscallCoverage coverage = Parse("""
            {"linux": {"seccomp": {"defaultAction": "SCMP_ACT_NOTIFY",
              "architectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32", "SCMP_ARCH_MIPS", 7],
              "syscalls": [{"names": ["write"], "action": "SCMP_ACT_ALLOW"}]}}}
            """);

        Assert.Equal(["x86_64", "x86", "x32"], coverage.Archs.Select(a => a.Arch));
        Assert.All(coverage.Archs, a => Assert.Equal(["write"], a.AllowedSilently));
        Assert.Equal(SyscallTable.Names(SyscallArch.X86).Count - 1, coverage.Archs[1].Notified.Count);
    }

    [Theory]
    [InlineData("""{"linux": {}}""", "the bundle's config.json has no linux.seccomp object")]
    [InlineData("""{"linux": {"seccomp": {"defaultAction": "SECRET_ACTION"}}}""", "linux.seccomp.defaultAction is missing or not an action this daemon knows")]
    [InlineData("""{"linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["read"], "action": "SECRET"}]}}}""", "linux.seccomp.syscalls[0] has no names array or no action this daemon knows")]
    [InlineData("""{"linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": [{"SECRET": 1}], "action": "SCMP_ACT_ALLOW"}]}}}""", "linux.seccomp.syscalls[0].names holds something other than a string")]
    [InlineData("""{"linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "architectures": "SECRET"}}}""", "linux.seccomp.architectures is not an array")]
    [InlineData("""{"SECRET": """, "the bundle's config.json is not JSON")]
    [InlineData("\"SECRET\"", "the bundle's config.json has no linux.seccomp object")]
    public void Parse_Malformed_UnknownWithAFixedReason(string json, string expected)
    {
        SyscallCoverage coverage = Parse(json);

        Assert.False(coverage.IsKnown);
        Assert.Empty(coverage.Archs);
        // Never the content: the reason is one of a few fixed texts.
        Assert.Equal(expected, coverage.Unknown);
    }

    [Fact]
    public void Parse_DeeperThanTheLimit_NotJson()
    {
        string json = new string('[', 100) + new string(']', 100);

        Assert.Equal("the bundle's config.json is not JSON", Parse(json).Unknown);
    }

    private static SyscallCoverage Parse(string json) => BundleSeccomp.Parse(Encoding.UTF8.GetBytes(json), SyscallArch.X86_64);
}
