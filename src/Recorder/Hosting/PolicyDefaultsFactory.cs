using SeccompRecorder.Policy;

namespace SeccompRecorder.Hosting;

internal static class PolicyDefaultsFactory
{
    /// <summary>The daemon's defaults from validated options (RecorderOptionsValidator has checked each value).</summary>
    public static PolicyDefaults From(RecorderOptions options)
    {
        _ = ModeNames.TryParse(options.DefaultPolicy, out PolicyMode mode);
        _ = ErrnoNames.TryParse(options.DefaultErrno, out int errno);
        return new PolicyDefaults(mode, errno, options.Grace);
    }
}
