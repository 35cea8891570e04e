namespace SeccompRecorder.Tests.Recording;

/// <summary>A clock the test moves: the monotonic timestamp and the wall clock advance together, only when told.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    /// <summary>1 tick = 1 microsecond: unlike TimeSpan's 100 ns, so a conversion that ignores the frequency shows.</summary>
    public const long Frequency = 1_000_000;

    private long _timestamp;
    private DateTimeOffset _utcNow;

    public ManualTimeProvider(long timestamp, DateTimeOffset utcNow)
    {
        _timestamp = timestamp;
        _utcNow = utcNow;
    }

    public override long TimestampFrequency => Frequency;

    public override long GetTimestamp() => Interlocked.Read(ref _timestamp);

    public override DateTimeOffset GetUtcNow() => _utcNow;

    public void Advance(TimeSpan by)
    {
        Interlocked.Add(ref _timestamp, by.Ticks / (TimeSpan.TicksPerSecond / Frequency));
        _utcNow += by;
    }

    /// <summary>Moves only the wall clock, as an NTP step or a settimeofday would.</summary>
    public void StepWallClock(TimeSpan by) => _utcNow += by;

    /// <summary>Sets the monotonic timestamp directly.</summary>
    public void SetTimestamp(long timestamp) => Interlocked.Exchange(ref _timestamp, timestamp);
}
