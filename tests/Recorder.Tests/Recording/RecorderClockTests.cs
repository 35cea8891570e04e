using SeccompRecorder.Recording;
using Xunit;

namespace SeccompRecorder.Tests.Recording;

public sealed class RecorderClockTests
{
    private static readonly DateTimeOffset s_origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ToWallClock_Later_AddsElapsedAtTheProvidersFrequency()
    {
        ManualTimeProvider time = new(timestamp: 5_000_000, s_origin);
        RecorderClock clock = new(time);

        time.Advance(TimeSpan.FromMilliseconds(1500));

        Assert.Equal(s_origin.AddMilliseconds(1500), clock.ToWallClock(clock.Now()));
        Assert.Equal(s_origin, clock.ToWallClock(5_000_000));
        Assert.Equal(s_origin.AddSeconds(-1), clock.ToWallClock(4_000_000));
    }

    [Fact]
    public void ToWallClock_WallClockStepsAfterStart_IsUnaffected()
    {
        // Timestamps are monotonic: an NTP step after start must not move what was recorded.
        ManualTimeProvider time = new(timestamp: 1, s_origin);
        RecorderClock clock = new(time);
        time.Advance(TimeSpan.FromSeconds(2));
        long ticks = clock.Now();

        time.StepWallClock(TimeSpan.FromHours(1));

        Assert.Equal(s_origin.AddSeconds(2), clock.ToWallClock(ticks));
    }

    [Fact]
    public void Now_TimestampZero_ReturnsOneSoZeroMeansNotYet()
    {
        ManualTimeProvider time = new(timestamp: 0, s_origin);
        RecorderClock clock = new(time);

        Assert.Equal(1, clock.Now());
    }

    [Fact]
    public void TimeProvider_Always_IsTheInjectedOne()
    {
        ManualTimeProvider time = new(timestamp: 1, s_origin);

        Assert.Same(time, new RecorderClock(time).TimeProvider);
    }
}
