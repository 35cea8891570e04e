using SeccompRecorder.Profiles;
using SeccompRecorder.Recording;
using SeccompRecorder.Syscalls;
using Xunit;

namespace SeccompRecorder.Tests.Profiles;

/// <summary>What a container's own profile let through without notifying, in an export: added unless seen only.</summary>
public sealed class ProfileCoverageTests
{
    private static readonly ContainerSnapshot s_narrow = ProfileSamples.Container(
        "narrow", ProfileSamples.Syscall(SyscallArch.X86_64, 83, "mkdir", 2, 0)) with { Coverage = ProfileSamples.Narrow };

    [Fact]
    public void Build_NarrowProfile_AddsWhatItAllowedSilentlyOnEveryArch()
    {
        EnforcingProfile profile = ProfileBuilder.Build([s_narrow], 1);

        string[] expected = [.. new[] { "mkdir", "brk", "mmap", "mmap2", "write" }.Union(RuntimeBaseline.Names).Order(StringComparer.Ordinal)];
        Assert.Equal(expected, profile.AllowedSyscalls);
        Assert.DoesNotContain("chroot", profile.AllowedSyscalls);
        Assert.DoesNotContain("open", profile.AllowedSyscalls);
        Assert.Empty(profile.Warnings);
    }

    [Fact]
    public void Build_SeenOnly_LeavesThemOutAndSaysWhich()
    {
        EnforcingProfile profile = ProfileBuilder.Build([s_narrow], 1, seenOnly: true);

        Assert.Equal([.. new[] { "mkdir" }.Union(RuntimeBaseline.Names).Order(StringComparer.Ordinal)], profile.AllowedSyscalls);
        // write is in the runtime baseline anyway: not left out.
        Assert.Equal(["container narrow: 3 syscalls its profile allowed without notifying left out (seen only): brk, mmap, mmap2"], profile.Warnings);
    }

    [Fact]
    public void Build_SeenOnlyManyLeftOut_ListsTenAndCounts()
    {
        string[] silent = [.. Enumerable.Range(0, 12).Select(i => $"call{i:00}")];
        ContainerSnapshot container = s_narrow with { Coverage = new SyscallCoverage(null, [new ArchCoverage("x86_64", [], silent, [])]) };

        EnforcingProfile profile = ProfileBuilder.Build([container], 1, seenOnly: true);

        Assert.Equal(
            "container narrow: 12 syscalls its profile allowed without notifying left out (seen only): "
            + "call00, call01, call02, call03, call04, call05, call06, call07, call08, call09, ...",
            Assert.Single(profile.Warnings));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Build_ProfileNotRead_OnlyWhatWasSeenAndAWarning(bool seenOnly)
    {
        ContainerSnapshot unread = s_narrow with { Coverage = SyscallCoverage.Unreadable("the bundle has no config.json the daemon can see") };

        EnforcingProfile profile = ProfileBuilder.Build([unread, ProfileSamples.Mixed], 1, seenOnly);

        // Mixed's profile is known and allowed nothing silently: no warning for it.
        Assert.Equal([.. new[] { "mkdir", "swapoff" }.Union(RuntimeBaseline.Names).Order(StringComparer.Ordinal)], profile.AllowedSyscalls);
        Assert.Equal(
            ["container narrow: only its notified syscalls are known (the bundle has no config.json the daemon can see); what its profile allowed without notifying is not in this profile"],
            profile.Warnings);
    }

    [Fact]
    public void Build_DeniedByPolicyButAllowedSilentlyElsewhere_InWithoutWarning()
    {
        ContainerSnapshot denied = ProfileSamples.Container("denied", ProfileSamples.Syscall(SyscallArch.X86_64, 12, "brk", 3, 3));

        EnforcingProfile profile = ProfileBuilder.Build([denied, s_narrow], 1);

        Assert.Contains("brk", profile.AllowedSyscalls);
        Assert.Empty(profile.Warnings);
    }
}
