using SeccompRecorder.Policy.Answers;
using Xunit;

namespace SeccompRecorder.Tests.Policy;

/// <summary>The <c>rules=</c> value of listenerMetadata: round trip, what the answers mean, limits, bad input.</summary>
public sealed class ProfileAnswersTextTests
{
    private static ProfileAnswers Sample() => new(
        SourceAnswer.Fail(1),
        new Dictionary<string, SyscallAnswer>(StringComparer.Ordinal)
        {
            ["clone3"] = new(SourceAnswer.Fail(38), []),
            ["kexec_load"] = new(new SourceAnswer(SourceAction.KillProcess), []),
            ["ptrace"] = new(new SourceAnswer(SourceAction.Kill), []),
            ["tkill"] = new(new SourceAnswer(SourceAction.KillThread), []),
            ["uselib"] = new(new SourceAnswer(SourceAction.Log), []),
            ["personality"] = new(null, [
                new(SourceAnswer.Allow, [new ArgCondition(0, ArgOperator.Equal, 0)]),
                new(SourceAnswer.Allow, [new ArgCondition(0, ArgOperator.Equal, 0xffffffff)]),
            ]),
            ["clone"] = new(SourceAnswer.Fail(13), [
                new(SourceAnswer.Allow, [new ArgCondition(0, ArgOperator.MaskedEqual, 2114060288, 0), new ArgCondition(5, ArgOperator.NotEqual, ulong.MaxValue)]),
                new(SourceAnswer.Fail(4095), [new ArgCondition(1, ArgOperator.LessThan, 1), new ArgCondition(2, ArgOperator.LessOrEqual, 2),
                    new ArgCondition(3, ArgOperator.GreaterThan, 3), new ArgCondition(4, ArgOperator.GreaterOrEqual, 4)]),
            ]),
        });

    [Fact]
    public void Format_ThenParse_SameAnswers()
    {
        string text = ProfileAnswersText.Format(Sample());

        Assert.True(ProfileAnswersText.TryParse(text, out ProfileAnswers? parsed, out string error), error);
        Assert.Equal(text, ProfileAnswersText.Format(parsed!));
        Assert.Equal(
            "v1 *:e1 clone:e13/a@0.me.2114060288.0,5.ne.18446744073709551615/e4095@1.lt.1,2.le.2,3.gt.3,4.ge.4 clone3:e38 kexec_load:kp "
            + "personality:*/a@0.eq.0/a@0.eq.4294967295 ptrace:k tkill:kt uselib:l",
            text);
        Assert.DoesNotContain(';', text);
        Assert.DoesNotContain('\n', text);
    }

    [Fact]
    public void Answer_FirstMatchingRuleThenOtherwiseThenDefault()
    {
        ProfileAnswers answers = Sample();

        Assert.Equal(SourceAnswer.Allow, answers.Answer("personality", [0xffffffff, 0, 0, 0, 0, 0]));
        Assert.Equal(SourceAnswer.Fail(1), answers.Answer("personality", [0x0006, 0, 0, 0, 0, 0]));
        Assert.Equal(SourceAnswer.Allow, answers.Answer("clone", [0x11, 0, 0, 0, 0, 0]));
        Assert.Equal(SourceAnswer.Fail(13), answers.Answer("clone", [0x10000000, 0, 0, 0, 0, 0]));
        Assert.Equal(SourceAnswer.Fail(4095), answers.Answer("clone", [0x10000000, 0, 2, 4, 4, 0]));
        Assert.Equal(SourceAnswer.Fail(38), answers.Answer("clone3", [0, 0, 0, 0, 0, 0]));
        Assert.Equal(SourceAnswer.Fail(1), answers.Answer("keyctl", [0, 0, 0, 0, 0, 0]));
    }

    [Fact]
    public void FindInMetadata_TheRulesPairAmongOthers()
    {
        Assert.Equal("v1 *:e1", ProfileAnswersText.FindInMetadata("policy=log;team=a\n RULES = v1 *:e1 \n"));
        Assert.Null(ProfileAnswersText.FindInMetadata("policy=log\nrulesx=1"));
    }

    [Theory]
    [InlineData("", "does not start with \"v1\"")]
    [InlineData("v2 *:e1", "does not start with \"v1\"")]
    [InlineData("v1", "the default answer")]
    [InlineData("v1 *:x", "the default answer")]
    [InlineData("v1 *:e4096", "the default answer")]
    [InlineData("v1 *:e-1", "the default answer")]
    [InlineData("v1 *:e1 Read:e1", "bad entry \"Read:e1\"")]
    [InlineData("v1 *:e1 read", "bad entry")]
    [InlineData("v1 *:e1 read:e1 read:e2", "\"read\" twice")]
    [InlineData("v1 *:e1 read:*/a", "bad entry")]
    [InlineData("v1 *:e1 read:*/a@6.eq.1", "bad entry")]
    [InlineData("v1 *:e1 read:*/a@0.xx.1", "bad entry")]
    [InlineData("v1 *:e1 read:*/a@0.eq.1.2", "bad entry")]
    [InlineData("v1 *:e1 read:*/a@0.me.1", "bad entry")]
    [InlineData("v1 *:e1 read:*/a@0.eq.18446744073709551616", "bad entry")]
    [InlineData("v1 *:e1 read:*/a@0.eq.+1", "bad entry")]
    [InlineData("v1 *:e1 read:*/a@0.eq.1,1.eq.1,2.eq.1,3.eq.1,4.eq.1,5.eq.1,0.eq.2", "bad entry")]
    public void TryParse_BadInput_SaysWhat(string text, string expected)
    {
        Assert.False(ProfileAnswersText.TryParse(text, out ProfileAnswers? parsed, out string error));
        Assert.Null(parsed);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Limits_LengthRulesAndNames()
    {
        string longName = new('a', ProfileAnswersText.MaxNameLength + 1);
        Assert.False(ProfileAnswersText.TryParse($"v1 *:e1 {longName}:e1", out _, out string nameError));
        Assert.Contains("bad entry", nameError, StringComparison.Ordinal);
        Assert.True(ProfileAnswersText.TryParse($"v1 *:e1 {longName[1..]}:e1", out _, out _));

        string manyRules = "v1 *:e1 read:*" + string.Concat(Enumerable.Repeat("/a@0.eq.1", ProfileAnswersText.MaxRulesPerSyscall));
        Assert.True(ProfileAnswersText.TryParse(manyRules, out _, out _));
        Assert.False(ProfileAnswersText.TryParse(manyRules + "/a@0.eq.1", out _, out _));

        string tooLong = "v1 *:e1" + new string(' ', ProfileAnswersText.MaxLength);
        Assert.False(ProfileAnswersText.TryParse(tooLong, out _, out string lengthError));
        Assert.Equal($"longer than {ProfileAnswersText.MaxLength} characters", lengthError);
    }

    [Fact]
    public void Format_NotASyscallName_Throws()
    {
        var answers = new ProfileAnswers(SourceAnswer.Fail(1), new Dictionary<string, SyscallAnswer> { ["a;b"] = new(SourceAnswer.Fail(2), []) });

        Assert.Throws<ArgumentException>(() => ProfileAnswersText.Format(answers));
    }
}
