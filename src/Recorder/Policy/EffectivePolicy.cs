namespace SeccompRecorder.Policy;

/// <summary>A container's policy after resolution, each setting with where it came from.</summary>
internal sealed record EffectivePolicy(
    PolicyMode Mode,
    PolicySource ModeSource,
    int Errno,
    PolicySource ErrnoSource,
    TimeSpan Grace,
    PolicySource GraceSource)
{
    public static EffectivePolicy FromDefaults(PolicyDefaults defaults) => new(
        defaults.Mode, PolicySource.Default, defaults.Errno, PolicySource.Default, defaults.Grace, PolicySource.Default);

    public string ModeName => ModeNames.Name(Mode);
}
