using SeccompRecorder.Policy;

namespace SeccompRecorder.Hosting;

internal static class PolicyDefaultsFactory
{
    /// <summary>The daemon's defaults from validated options (RecorderOptionsValidator has checked each value).</summary>
    public static PolicyDefaults From(RecorderOptions options)
    {
        _ = ModeNames.TryParse(options.DefaultPolicy, out PolicyMode mode);
        _ = ErrnoNames.TryParse(options.DefaultErrno, out int errno);
        _ = DurationText.TryParse(options.Grace, out TimeSpan grace);
        return new PolicyDefaults(mode, errno, grace);
    }
}
