using System.Text.Json.Nodes;
using SeccompRecorder.Profiles;
using SeccompRecorder.Recording;
using SeccompRecorder.Recording.Arguments;
using SeccompRecorder.Syscalls;
using SeccompRecorder.Tests.Recording;
using Xunit;

namespace SeccompRecorder.Tests.Profiles;

/// <summary>`profile export --args`: which calls get argument conditions, which conditions, and which stay unconditional.</summary>
public sealed class ArgumentRulesTests
{
    private const ulong Int = 0xFFFF_FFFF;

    [Fact]
    public void OciRender_SocketAndPersonality_GoldenJson()
    {
        ContainerSnapshot container = Container("web",
            Call("socket", 41, ("domain", [1, 2]), ("type", [1]), ("protocol", [0])),
            Call("personality", 135, ("persona", [0xFFFF_FFFF])),
            Call("read", 0));

        EnforcingProfile profile = ProfileBuilder.Build([container], 1, withArguments: true);

        const string expected = """
            {
              "defaultAction": "SCMP_ACT_ERRNO",
              "defaultErrnoRet": 1,
              "architectures": [
                "SCMP_ARCH_X86_64"
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
                },
                {
                  "names": [
                    "personality"
                  ],
                  "action": "SCMP_ACT_ALLOW",
                  "args": [
                    {
                      "index": 0,
                      "value": 4294967295,
                      "valueTwo": 4294967295,
                      "op": "SCMP_CMP_MASKED_EQ"
                    }
                  ]
                },
                {
                  "names": [
                    "socket"
                  ],
                  "action": "SCMP_ACT_ALLOW",
                  "args": [
                    {
                      "index": 0,
                      "value": 4294967295,
                      "valueTwo": 1,
                      "op": "SCMP_CMP_MASKED_EQ"
                    },
                    {
                      "index": 1,
                      "value": 4294440959,
                      "valueTwo": 1,
                      "op": "SCMP_CMP_MASKED_EQ"
                    },
                    {
                      "index": 2,
                      "value": 4294967295,
                      "valueTwo": 0,
                      "op": "SCMP_CMP_MASKED_EQ"
                    }
                  ]
                },
                {
                  "names": [
                    "socket"
                  ],
                  "action": "SCMP_ACT_ALLOW",
                  "args": [
                    {
                      "index": 0,
                      "value": 4294967295,
                      "valueTwo": 2,
                      "op": "SCMP_CMP_MASKED_EQ"
                    },
                    {
                      "index": 1,
                      "value": 4294440959,
                      "valueTwo": 1,
                      "op": "SCMP_CMP_MASKED_EQ"
                    },
                    {
                      "index": 2,
                      "value": 4294967295,
                      "valueTwo": 0,
                      "op": "SCMP_CMP_MASKED_EQ"
                    }
                  ]
                }
              ]
            }

            """;
        Assert.Equal(expected, OciProfileText.Render(profile));
        Assert.Empty(profile.Warnings);
    }

    [Fact]
    public void Build_WithoutArguments_EveryNameUnconditional()
    {
        ContainerSnapshot container = Container("web", Call("socket", 41, ("domain", [2]), ("type", [1]), ("protocol", [0])));

        EnforcingProfile profile = ProfileBuilder.Build([container], 1);

        Assert.Contains("socket", profile.AllowedSyscalls);
        Assert.Empty(profile.ConditionalRules);
    }

    [Fact]
    public void Build_ValuesPastTheBound_UnconditionalWithAWarning()
    {
        ContainerSnapshot container = Container("web", CallWithOther("ioctl", 16, ("request", [0x5401], 6)));

        EnforcingProfile profile = ProfileBuilder.Build([container], 1, withArguments: true);

        Assert.Contains("ioctl", profile.AllowedSyscalls);
        Assert.Empty(profile.ConditionalRules);
        Assert.Equal(["ioctl allowed without argument conditions: container web made 6 x86_64 calls with request values past the 64 kept"], profile.Warnings);
    }

    [Fact]
    public void Build_TwoContainers_UnionOfValues_OverflowInEitherUnconditional()
    {
        ContainerSnapshot a = Container("a", Call("ioctl", 16, ("request", [0x5401])), Call("personality", 135, ("persona", [0])));
        ContainerSnapshot b = Container("b", Call("ioctl", 16, ("request", [0x5413, 0x5401])), CallWithOther("personality", 135, ("persona", [8], 1)));

        EnforcingProfile profile = ProfileBuilder.Build([a, b], 1, withArguments: true);

        Assert.Equal(
            [Rule("ioctl", ArgumentCondition.MaskedEqual(1, Int, 0x5401)), Rule("ioctl", ArgumentCondition.MaskedEqual(1, Int, 0x5413))],
            profile.ConditionalRules);
        Assert.Contains("personality", profile.AllowedSyscalls);
        Assert.Equal(["personality allowed without argument conditions: container b made 1 x86_64 calls with persona values past the 64 kept"], profile.Warnings);
    }

    [Fact]
    public void Build_BaselineSilentAndDenied_NoConditionsFromThem()
    {
        // prctl is runc's own (runtime baseline); fcntl was allowed without notifying in the other container, so some of
        // its calls have no values; clone's only recorded calls were all denied: left out as before.
        ContainerSnapshot seen = Container("seen",
            Call("prctl", 157, ("option", [38])),
            Call("fcntl", 72, ("cmd", [1])),
            Call("clone", 56, ("flags", [0x0120_0000])) with { Denied = 1, Violations = 1 });
        ContainerSnapshot silent = Container("silent") with { Coverage = new SyscallCoverage(null, [new ArchCoverage("x86_64", [], ["fcntl"], [])]) };

        EnforcingProfile profile = ProfileBuilder.Build([seen, silent], 1, withArguments: true);

        Assert.Contains("prctl", profile.AllowedSyscalls);
        Assert.Contains("fcntl", profile.AllowedSyscalls);
        Assert.DoesNotContain("clone", profile.AllowedSyscalls);
        Assert.Empty(profile.ConditionalRules);
        Assert.Equal(["clone left out: all 1 recorded calls were denied by the policy"], profile.Warnings);
    }

    [Fact]
    public void Build_ProtExec_OnlyWithoutIsAConditionBothIsNone()
    {
        ContainerSnapshot container = Container("web", Call("mmap", 9, ("exec", [0])), Call("mprotect", 10, ("exec", [0, 4])));

        EnforcingProfile profile = ProfileBuilder.Build([container], 1, withArguments: true);

        Assert.Equal([Rule("mmap", ArgumentCondition.MaskedEqual(2, 4, 0))], profile.ConditionalRules);
        Assert.Contains("mprotect", profile.AllowedSyscalls);
        Assert.Empty(profile.Warnings);
    }

    [Fact]
    public void Build_SetsockoptOption_LevelAndNameInOneRule()
    {
        ContainerSnapshot container = Container("web", Call("setsockopt", 54, ("option", [1UL << 32 | 2])));

        EnforcingProfile profile = ProfileBuilder.Build([container], 1, withArguments: true);

        Assert.Equal([Rule("setsockopt", ArgumentCondition.MaskedEqual(1, Int, 1), ArgumentCondition.MaskedEqual(2, Int, 2))], profile.ConditionalRules);
    }

    [Fact]
    public void Build_CloneAndUnshare_MaskWithoutExitSignal_FullWordEqual()
    {
        ContainerSnapshot container = Container("web", Call("clone", 56, ("flags", [0x0120_0000])), Call("unshare", 272, ("flags", [0x2_0000_0000])));

        EnforcingProfile profile = ProfileBuilder.Build([container], 1, withArguments: true);

        Assert.Equal(
            [Rule("clone", ArgumentCondition.MaskedEqual(0, 0xFFFF_FF00, 0x0120_0000)), Rule("unshare", ArgumentCondition.Equal(0, 0x2_0000_0000))],
            profile.ConditionalRules);
    }

    [Fact]
    public void Build_SocketProductPastTheBound_TypeLeftUnconditionedWithAWarning()
    {
        ulong[] domains = [.. Enumerable.Range(1, 20).Select(d => (ulong)d)];
        ContainerSnapshot container = Container("web", Call("socket", 41, ("domain", domains), ("type", [1, 2, 3, 5]), ("protocol", [0])));

        EnforcingProfile profile = ProfileBuilder.Build([container], 1, withArguments: true);

        Assert.Equal(20, profile.ConditionalRules.Count);
        Assert.All(profile.ConditionalRules, r => Assert.Equal([0, 2], r.Conditions.Select(c => c.Index)));
        Assert.Equal(["socket: type not conditioned: its 4 values would make 80 rules, more than 64"], profile.Warnings);
    }

    [Fact]
    public void Build_I386MmapBesideX86_64_UnconditionalWithAWarning()
    {
        ContainerSnapshot container = Container("web",
            Call("mmap", 9, ("exec", [0])),
            ProfileSamples.Syscall(SyscallArch.X86, 90, "mmap", 3, 0));

        EnforcingProfile profile = ProfileBuilder.Build([container], 1, withArguments: true);

        Assert.Contains("mmap", profile.AllowedSyscalls);
        Assert.Empty(profile.ConditionalRules);
        Assert.Equal(["mmap allowed without argument conditions: its x86 calls take no recorded argument in a register"], profile.Warnings);
    }

    [Fact]
    public void Build_TrackedCallWithoutValues_UnconditionalWithAWarning()
    {
        // A recording an earlier build made, before argument values were kept.
        ContainerSnapshot container = Container("old", ProfileSamples.Syscall(SyscallArch.X86_64, 41, "socket", 2, 0));

        EnforcingProfile profile = ProfileBuilder.Build([container], 1, withArguments: true);

        Assert.Contains("socket", profile.AllowedSyscalls);
        Assert.Equal(["socket allowed without argument conditions: container old has no recorded domain values of its x86_64 calls"], profile.Warnings);
    }

    [Fact]
    public void Build_ValueAboveInt64_UnconditionalWithAWarning()
    {
        ContainerSnapshot container = Container("web", Call("ptrace", 101, ("request", [0x8000_0000_0000_0000])));

        EnforcingProfile profile = ProfileBuilder.Build([container], 1, withArguments: true);

        Assert.Contains("ptrace", profile.AllowedSyscalls);
        Assert.Empty(profile.ConditionalRules);
        Assert.Equal(["ptrace: request not conditioned: a value above 2^63-1 was recorded (SPO writes int64)"], profile.Warnings);
    }

    /// <summary>
    /// For every argument the table records, on registers with other bits set: the conditions made from the recorded value
    /// hold for the call as libseccomp evaluates them, and fail once a recorded bit differs.
    /// </summary>
    [Fact]
    public void Conditions_EveryTableArgument_HoldForTheRecordedCallOnly()
    {
        ulong[] registers = [0, 1, 0x29, 0xFFFF_FFFF, 0xFFFF_FFFF_0000_0805, 0x8_0000_0011, 0xDEAD_BEEF_C020_660B, ulong.MaxValue];
        foreach ((string syscall, IReadOnlyList<ArgumentRule> rules) in ArgumentTable.Rows)
        {
            foreach (ArgumentRule rule in rules)
            {
                foreach (ulong register in registers)
                {
                    ulong[] args = [register, ~register, register ^ 0x5A5A, register >> 3, register << 5, 7];
                    ulong recorded = rule.Extract(RecordingHarness.WithArgs(ArchDecoder.AUDIT_ARCH_X86_64, 0, args));
                    ArgumentCondition[] conditions = [.. ArgumentRules.Conditions(rule, recorded)];
                    Assert.True(conditions.All(c => Holds(c, args)), $"{syscall} {rule.Name} 0x{register:x}");

                    // The lowest recorded bit of the (first) recorded argument flipped: no longer this value.
                    ulong mask = rule.PairIndex == ArgumentRule.NoPair ? rule.Mask : ArgumentRule.Low32;
                    ulong bit = mask & (~mask + 1);
                    ulong[] other = [.. args];
                    other[rule.Index] ^= bit;
                    Assert.False(conditions.All(c => Holds(c, other)), $"{syscall} {rule.Name} 0x{register:x} with bit 0x{bit:x} flipped");
                }
            }
        }
    }

    [Fact]
    public void SpoRender_Conditions_IntegersAndValueTwoOnlyWhenMasked()
    {
        ContainerSnapshot container = Container("web", Call("unshare", 272, ("flags", [0x2000_0000])), Call("personality", 135, ("persona", [8])));

        string yaml = SpoProfileText.Render(ProfileBuilder.Build([container], 1, withArguments: true), "web", SpoApiVersion.V1);

        Assert.EndsWith(
            """
              - action: SCMP_ACT_ALLOW
                names:
                - "personality"
                args:
                - index: 0
                  value: 4294967295
                  valueTwo: 8
                  op: SCMP_CMP_MASKED_EQ
              - action: SCMP_ACT_ALLOW
                names:
                - "unshare"
                args:
                - index: 0
                  value: 536870912
                  op: SCMP_CMP_EQ

            """,
            yaml,
            StringComparison.Ordinal);
    }

    /// <summary>Every kind of condition: masked ints, a (level, name) pair, a full 64-bit word, the PROT_EXEC bit, clone's flags.</summary>
    internal static ContainerSnapshot ArgumentSample { get; } = Container("args",
        Call("socket", 41, ("domain", [1, 2, 38]), ("type", [1, 2]), ("protocol", [0])),
        Call("setsockopt", 54, ("option", [1UL << 32 | 2, 6UL << 32 | 1])),
        Call("ptrace", 101, ("request", [0x4206])),
        Call("mmap", 9, ("exec", [0])),
        Call("clone", 56, ("flags", [0x0120_0000, 0x7E02_0000])),
        Call("personality", 135, ("persona", [0, 0xFFFF_FFFF])));

    internal static ContainerSnapshot Container(string id, params SyscallSnapshot[] syscalls) => ProfileSamples.Container(id, syscalls);

    /// <summary>An x86_64 call made once per recorded value, with those values of its table's arguments.</summary>
    internal static SyscallSnapshot CallWithOther(string name, long nr, params (string Argument, ulong[] Values, long Other)[] arguments)
    {
        Assert.Equal(name, SyscallTable.Name(SyscallArch.X86_64, nr));
        ArgumentSnapshot[] snapshots =
        [
            .. arguments.Select(a => new ArgumentSnapshot(a.Argument, ArgumentFormat.Decimal, [.. a.Values.Select(v => new ArgumentValueCount(v, 1))], a.Other)),
        ];
        long calls = arguments.Length == 0 ? 1 : arguments.Max(a => a.Values.Length + a.Other);
        return ProfileSamples.Syscall(SyscallArch.X86_64, nr, name, calls, 0) with { Arguments = snapshots };
    }

    internal static SyscallSnapshot Call(string name, long nr, params (string Argument, ulong[] Values)[] arguments) =>
        CallWithOther(name, nr, [.. arguments.Select(a => (a.Argument, a.Values, 0L))]);

    private static ConditionalRule Rule(string name, params ArgumentCondition[] conditions) => new(name, conditions);

    // libseccomp's comparisons (seccomp_rule_add(3)).
    private static bool Holds(ArgumentCondition condition, ulong[] args) =>
        condition.Masked ? (args[condition.Index] & condition.Value) == condition.ValueTwo : args[condition.Index] == condition.Value;
}
