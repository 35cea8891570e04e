using SeccompRecorder.Native;
using SeccompRecorder.Policy;
using SeccompRecorder.Policy.Answers;
using SeccompRecorder.Syscalls;
using SeccompRecorder.Tests.Recording;
using Xunit;

namespace SeccompRecorder.Tests.Policy;

/// <summary>How a container is answered when its profile carries the source's answers (rules=, issue 16 points 2-4).</summary>
public sealed class ContainerPolicyAnswersTests
{
    private const uint X86_64 = ArchDecoder.AUDIT_ARCH_X86_64;
    private const uint I386 = ArchDecoder.AUDIT_ARCH_I386;
    private const int Mkdir = 83;
    private const int Clone3 = 435;
    private const int Personality = 135;
    private const int Keyctl = 250;
    private const int I386Personality = 136;

    // EPERM by default; mkdir ENOSPC; clone3 ENOSYS (a fallback); personality allowed for 0 and 0xffffffff only.
    private const string Rules = "v1 *:e1 clone3:e38 mkdir:e28 personality:*/a@0.eq.0/a@0.eq.4294967295";

    [Theory]
    [InlineData(Mkdir, 0UL, 28)]
    [InlineData(Keyctl, 0UL, 1)]
    [InlineData(Personality, 0x6UL, 1)] // PER_BSD
    public void Decide_Log_SourcesErrnoAndAViolation(int nr, ulong arg0, int errno)
    {
        ContainerPolicy policy = Policy(PolicyMode.Log, Rules);

        Assert.Equal(Verdict.Deny(errno), policy.Decide(RecordingHarness.WithArgs(X86_64, nr, arg0)));
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(0xffffffffUL)]
    public void Decide_ConditionalAllowMatches_ContinuesWithoutViolation(ulong persona)
    {
        Assert.Equal(Verdict.Continue, Policy(PolicyMode.Stop, Rules).Decide(RecordingHarness.WithArgs(X86_64, Personality, persona)));
        Assert.Equal(Verdict.Continue, Policy(PolicyMode.Log, Rules).Decide(RecordingHarness.WithArgs(I386, I386Personality, persona)));
    }

    [Fact]
    public void Decide_Audit_ContinuesTheSourcesDenialsAsViolations()
    {
        ContainerPolicy policy = Policy(PolicyMode.Audit, Rules);

        Assert.Equal(Verdict.Audited, policy.Decide(RecordingHarness.X86_64(Keyctl)));
        Assert.Equal(Verdict.Audited, policy.Decide(RecordingHarness.WithArgs(X86_64, Personality, 0x6)));
        Assert.Equal(Verdict.Continue, policy.Decide(RecordingHarness.WithArgs(X86_64, Personality, 0)));
    }

    [Theory]
    [InlineData("audit")]
    [InlineData("log")]
    [InlineData("stop")]
    public void Decide_ExpectedDenial_SourcesErrnoNeverAViolation(string mode)
    {
        Verdict verdict = Policy(Mode(mode), Rules).Decide(RecordingHarness.X86_64(Clone3));

        Assert.Equal(Verdict.Expected((int)Errno.ENOSYS), verdict);
        Assert.True(verdict.Denied);
        Assert.False(verdict.Violation);
    }

    [Fact]
    public void Decide_ExpectedDenialsReplaced_Clone3IsAViolationAgain()
    {
        ContainerPolicyFactory factory = new(new ExpectedDenials([]));
        ContainerPolicy policy = factory.Create(Effective(PolicyMode.Stop), "rules=" + Rules, []);

        Assert.Equal(Verdict.Deny((int)Errno.ENOSYS), policy.Decide(RecordingHarness.X86_64(Clone3)));
    }

    [Fact]
    public void Decide_DefaultAnswerIsEnosys_ListedSyscallWithoutRuleIsExpected()
    {
        ContainerPolicy policy = Policy(PolicyMode.Log, "v1 *:e38");

        Assert.Equal(Verdict.Expected(38), policy.Decide(RecordingHarness.X86_64(Clone3)));
        Assert.Equal(Verdict.Deny(38), policy.Decide(RecordingHarness.X86_64(Keyctl)));
    }

    [Fact]
    public void Decide_Record_ContinuesEverything()
    {
        Assert.Equal(Verdict.Continue, Policy(PolicyMode.Record, Rules).Decide(RecordingHarness.X86_64(Keyctl)));
    }

    [Theory]
    [InlineData("record", true, false)]
    [InlineData("audit", true, true)]
    [InlineData("log", false, true)]
    public void Decide_NoRules_AnsweredByThePolicyAlone(string mode, bool allow, bool violation)
    {
        Verdict verdict = Policy(Mode(mode), rules: null).Decide(RecordingHarness.X86_64(Clone3));

        Assert.Equal((allow, violation), (verdict.Allow, verdict.Violation));
    }

    [Fact]
    public void Decide_UnknownArchOrNumber_DefaultAnswer()
    {
        ContainerPolicy policy = Policy(PolicyMode.Log, Rules);

        Assert.Equal(Verdict.Deny(1), policy.Decide(RecordingHarness.Notification(0xC00000F3, 172)));
        Assert.Equal(Verdict.Deny(1), policy.Decide(RecordingHarness.X86_64(99_999)));
    }

    [Fact]
    public void Decide_KillRuleCallerNotVisible_DeniedWithEpermAsAViolation()
    {
        ContainerPolicy policy = Policy(PolicyMode.Log, "v1 *:e1 mkdir:kp");

        Assert.Equal(Verdict.Deny((int)Errno.EPERM), policy.Decide(RecordingHarness.Notification(X86_64, Mkdir, pid: 0)));
    }

    [Fact]
    public void Create_BadRulesOrUnknownReasons_ProblemsAndServedByPolicy()
    {
        List<string> problems = [];

        ContainerPolicy policy = ContainerPolicyFactory.Standard.Create(Effective(PolicyMode.Log), "rules=v2 *:e1\nreasons=my-profile", problems);

        Assert.Null(policy.Answers);
        Assert.Null(policy.Reasons);
        Assert.Equal(2, problems.Count);
        Assert.StartsWith("rules= in listenerMetadata: does not start with \"v1\"", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("unknown reasons= in listenerMetadata", problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SameRules_OneSharedTable()
    {
        ContainerPolicyFactory factory = new(ExpectedDenials.BuiltIn);

        ContainerPolicy one = factory.Create(Effective(PolicyMode.Log), "rules=" + Rules, []);
        ContainerPolicy two = factory.Create(Effective(PolicyMode.Stop), "policy=stop;rules=" + Rules, []);

        Assert.Same(one.Answers, two.Answers);
    }

    [Fact]
    public void Reasons_RuntimeDefault_KnownSyscallsAndAGeneralOne()
    {
        ContainerPolicy policy = ContainerPolicyFactory.Standard.Create(Effective(PolicyMode.Audit), "reasons=runtime-default", []);

        Assert.Equal("kernel keyring, not namespaced", policy.Reasons!.For("keyctl"));
        Assert.Equal("namespaces: needs CAP_SYS_ADMIN (a new user namespace alone is allowed)", policy.Reasons.For("unshare"));
        Assert.Equal("not in the default profile's allow list", policy.Reasons.For("some_new_call"));
    }

    [Theory]
    [InlineData("none", new string[0])]
    [InlineData(" clone3 , openat2", new[] { "clone3", "openat2" })]
    public void ExpectedDenials_TryParse_NoneOrNames(string text, string[] names)
    {
        Assert.True(ExpectedDenials.TryParse(text, out ExpectedDenials? expected, out string error), error);
        Assert.Equal(names.Order(), expected!.Names.Order());
    }

    [Theory]
    [InlineData("clone3,,openat2")]
    [InlineData("Clone3")]
    [InlineData("")]
    public void ExpectedDenials_TryParse_NotANameRefused(string text)
    {
        Assert.False(ExpectedDenials.TryParse(text, out _, out string error));
        Assert.Contains("is not a syscall name", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpectedDenials_BuiltIn_EveryNameInOurTables()
    {
        foreach ((string name, _) in ExpectedDenials.BuiltInList)
        {
            Assert.True(
                Enum.GetValues<SyscallArch>().Where(a => a != SyscallArch.Unknown).Any(a => SyscallTable.TryGetNumber(a, name, out _)),
                $"{name} is in no table");
        }
    }

    private static PolicyMode Mode(string name) => ModeNames.TryParse(name, out PolicyMode mode) ? mode : throw new ArgumentException(name);

    private static EffectivePolicy Effective(PolicyMode mode) =>
        EffectivePolicy.FromDefaults(PolicyDefaults.Standard) with { Mode = mode, ModeSource = PolicySource.Metadata };

    private static ContainerPolicy Policy(PolicyMode mode, string? rules) =>
        ContainerPolicyFactory.Standard.Create(Effective(mode), rules is null ? "policy=x" : "rules=" + rules, []);
}
