using System.Runtime.CompilerServices;

namespace SeccompRecorder.Recording;

/// <summary>
/// Monotonic timestamps on the hot path (TimeProvider.GetTimestamp: a vDSO read, no syscall), turned into wall-clock
/// time only when a reader asks.
/// </summary>
internal sealed class RecorderClock
{
    private readonly TimeProvider _time;
    private readonly long _originTicks;
    private readonly DateTimeOffset _originWall;

    public RecorderClock(TimeProvider time)
    {
        _time = time;
        _originTicks = time.GetTimestamp();
        _originWall = time.GetUtcNow();
    }

    public TimeProvider TimeProvider => _time;

    /// <summary>Never 0, so 0 can mean "not yet".</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long Now()
    {
        long ticks = _time.GetTimestamp();
        return ticks == 0 ? 1 : ticks;
    }

    public TimeSpan Elapsed(long fromTicks, long toTicks) => _time.GetElapsedTime(fromTicks, toTicks);

    public DateTimeOffset ToWallClock(long ticks) => _originWall + _time.GetElapsedTime(_originTicks, ticks);

    /// <summary>
    /// The inverse of <see cref="ToWallClock"/>, for times stored by an earlier daemon. May be negative (before this
    /// boot's monotonic origin) but never 0, which means "not set".
    /// </summary>
    public long FromWallClock(DateTimeOffset wall)
    {
        long ticks = _originTicks + (long)((wall - _originWall).Ticks * ((double)_time.TimestampFrequency / TimeSpan.TicksPerSecond));
        return ticks == 0 ? 1 : ticks;
    }
}
