using SeccompRecorder.Profiles;
using SeccompRecorder.Recording;
using SeccompRecorder.Syscalls;
using Xunit;

namespace SeccompRecorder.Tests.Profiles;

public sealed class ProfileBuilderTests
{
    [Fact]
    public void Build_TwoContainers_UnionOfNamesAndBaselineSortedOrdinal()
    {
        EnforcingProfile profile = ProfileBuilder.Build([ProfileSamples.Web, ProfileSamples.Worker], 1);

        string[] expected = [.. new[] { "read", "execve", "getpid", "mkdir" }.Union(RuntimeBaseline.Names).Order(StringComparer.Ordinal)];
        Assert.Equal(expected, profile.AllowedSyscalls);
        Assert.Equal(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"], profile.Architectures);
        Assert.Equal(["Web_1", "worker"], profile.ContainerIds);
    }

    [Fact]
    public void Build_UnknownNumbersAndArchs_LeftOutWithWarnings()
    {
        EnforcingProfile profile = ProfileBuilder.Build([ProfileSamples.Web, ProfileSamples.Worker], 1);

        Assert.Equal(
        [
            "container Web_1: x86_64 nr 999 (2 calls) left out: not in the x86_64 syscall table",
            "container worker: nr 7 of architecture audit:0x12345678 (1 calls) left out: no seccomp architecture",
            "chroot left out: all 3 recorded calls were denied by the policy",
            "swapoff left out: all 2 recorded calls were denied by the policy",
        ], profile.Warnings);
    }

    [Fact]
    public void Build_DeniedHereAllowedThere_Allowed()
    {
        EnforcingProfile profile = ProfileBuilder.Build([ProfileSamples.Worker, ProfileSamples.Mixed], 1);

        Assert.Contains("swapoff", profile.AllowedSyscalls);
        Assert.DoesNotContain(profile.Warnings, w => w.StartsWith("swapoff", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_ExpectedDenial_KeptAsAnEnosysRuleSoTheFallbackStillWorks()
    {
        ContainerSnapshot recorded = ProfileSamples.Container(
            "rd-audit",
            ProfileSamples.Expected(SyscallArch.X86_64, 435, "clone3", 2),
            ProfileSamples.Syscall(SyscallArch.X86_64, 56, "clone", 4, 0));

        EnforcingProfile profile = ProfileBuilder.Build([recorded], 1, seenOnly: true);

        Assert.Equal(["clone3"], profile.FallbackSyscalls);
        Assert.DoesNotContain("clone3", profile.AllowedSyscalls);
        Assert.Contains("clone3 answered ENOSYS, as the source profile answered it, so that callers fall back to an older call", profile.Warnings);
        string oci = OciProfileText.Render(profile);
        Assert.EndsWith("""
                {
                  "names": [
                    "clone3"
                  ],
                  "action": "SCMP_ACT_ERRNO",
                  "errnoRet": 38
                }
              ]
            }

            """, oci, StringComparison.Ordinal);
        Assert.EndsWith("  - action: SCMP_ACT_ERRNO\n    errnoRet: 38\n    names:\n    - \"clone3\"\n", SpoProfileText.Render(profile, "rd-audit", SpoApiVersion.V1), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NothingRecorded_BaselineOnlyNoArchitectures()
    {
        EnforcingProfile profile = ProfileBuilder.Build([ProfileSamples.Container("empty")], 1);

        Assert.Equal(RuntimeBaseline.Names, profile.AllowedSyscalls);
        Assert.Empty(profile.Architectures);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4096)]
    public void Build_ErrnoOutOfRange_Throws(int errno) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ProfileBuilder.Build([ProfileSamples.Web], errno));

    [Fact]
    public void RuntimeBaseline_Names_SortedOrdinalAndIncludeWrite()
    {
        Assert.Equal(RuntimeBaseline.Names.Order(StringComparer.Ordinal), RuntimeBaseline.Names);
        Assert.Contains("write", RuntimeBaseline.Names);
        Assert.Contains("execve", RuntimeBaseline.Names);
    }
}
