using SeccompRecorder.Policy;
using Xunit;

namespace SeccompRecorder.Tests.Policy;

public sealed class PolicyResolverTests
{
    private static readonly PolicyDefaults Defaults = new(PolicyMode.Record, 38, TimeSpan.FromSeconds(5));
    private static readonly Dictionary<string, string> NoAnnotations = [];

    [Fact]
    public void Resolve_NothingSaid_DaemonDefaults()
    {
        List<string> problems = [];

        EffectivePolicy policy = PolicyResolver.Resolve("team=payments", NoAnnotations, Defaults, problems);

        Assert.Equal(EffectivePolicy.FromDefaults(Defaults), policy);
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("policy=stop;errno=EPERM;grace=2s")]
    [InlineData("policy=stop\nerrno=1\ngrace=2000ms")]
    [InlineData(" policy = STOP ; errno = EPERM ; grace = 2s ; team=x")]
    public void Resolve_Metadata_EverySettingFromMetadata(string metadata)
    {
        List<string> problems = [];

        EffectivePolicy policy = PolicyResolver.Resolve(metadata, NoAnnotations, Defaults, problems);

        Assert.Equal(
            new EffectivePolicy(PolicyMode.Stop, PolicySource.Metadata, 1, PolicySource.Metadata, TimeSpan.FromSeconds(2), PolicySource.Metadata),
            policy);
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData(PolicyResolver.CrioAnnotation, "stop", "stop")]
    [InlineData(PolicyResolver.CrioLegacyAnnotation, "stop", "stop")]
    [InlineData(PolicyResolver.CrioAnnotation, "Stop", "stop")]
    [InlineData(PolicyResolver.CrioAnnotation, "log", "log")]
    [InlineData(PolicyResolver.CrioAnnotation, "anything", "log")]
    [InlineData(PolicyResolver.CrioAnnotation, "", "log")]
    public void Resolve_CrioAnnotationAlone_StopMeansStopElseLog(string key, string value, string expectedMode)
    {
        Assert.True(ModeNames.TryParse(expectedMode, out PolicyMode expected));
        EffectivePolicy policy = PolicyResolver.Resolve(string.Empty, new Dictionary<string, string> { [key] = value }, Defaults, []);

        Assert.Equal((expected, PolicySource.Annotation), (policy.Mode, policy.ModeSource));
        Assert.Equal((38, PolicySource.Default), (policy.Errno, policy.ErrnoSource));
    }

    [Fact]
    public void Resolve_MetadataAndAnnotation_MetadataWins()
    {
        Dictionary<string, string> annotations = new() { [PolicyResolver.CrioAnnotation] = "stop" };

        EffectivePolicy policy = PolicyResolver.Resolve("policy=record", annotations, Defaults, []);

        Assert.Equal((PolicyMode.Record, PolicySource.Metadata), (policy.Mode, policy.ModeSource));
    }

    [Fact]
    public void Resolve_BothCrioAnnotations_CurrentNameWins()
    {
        Dictionary<string, string> annotations = new()
        {
            [PolicyResolver.CrioAnnotation] = "log",
            [PolicyResolver.CrioLegacyAnnotation] = "stop",
        };

        Assert.Equal(PolicyMode.Log, PolicyResolver.Resolve(string.Empty, annotations, Defaults, []).Mode);
    }

    [Fact]
    public void Resolve_UnknownPolicy_LogAndAProblemNamingIt()
    {
        List<string> problems = [];

        EffectivePolicy policy = PolicyResolver.Resolve("policy=stpo", NoAnnotations, Defaults, problems);

        Assert.Equal((PolicyMode.Log, PolicySource.Metadata), (policy.Mode, policy.ModeSource));
        Assert.Contains("\"stpo\"", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("errno=EWHAT")]
    [InlineData("errno=0")]
    [InlineData("errno=4096")]
    [InlineData("errno=-1")]
    [InlineData("grace=5")]
    [InlineData("grace=soon")]
    [InlineData("grace=2d")]
    public void Resolve_InvalidErrnoOrGrace_KeepsDefaultAndReportsIt(string metadata)
    {
        List<string> problems = [];

        EffectivePolicy policy = PolicyResolver.Resolve(metadata, NoAnnotations, Defaults, problems);

        Assert.Equal(EffectivePolicy.FromDefaults(Defaults), policy);
        Assert.Single(problems);
    }
}
