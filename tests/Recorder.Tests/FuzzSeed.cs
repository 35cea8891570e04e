using System.Globalization;

namespace SeccompRecorder.Tests;

/// <summary>The seed of a randomized test: fixed in CI, SECCOMP_RECORDER_FUZZ_SEED to replay a failure or explore.</summary>
internal static class FuzzSeed
{
    public static int Get(int fixedSeed) =>
        int.TryParse(Environment.GetEnvironmentVariable("SECCOMP_RECORDER_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed)
            ? seed
            : fixedSeed;
}
