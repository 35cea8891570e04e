using SeccompRecorder.Recording;
using SeccompRecorder.Tests.Native;

namespace SeccompRecorder.Tests.Recording;

/// <summary>
/// A watcher that is registered from construction on: an async iterator only runs (and registers) when first moved,
/// so the first MoveNextAsync is started at once and awaited later.
/// </summary>
internal sealed class EventStream : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly IAsyncEnumerator<RecorderEvent> _enumerator;
    private ValueTask<bool>? _pending;

    public EventStream(Func<CancellationToken, IAsyncEnumerable<RecorderEvent>> watch)
    {
        _enumerator = watch(_stop.Token).GetAsyncEnumerator(_stop.Token);
        _pending = _enumerator.MoveNextAsync();
    }

    /// <summary>The next event, or null when the stream ended.</summary>
    public async Task<RecorderEvent?> NextAsync()
    {
        Task<bool> move = (_pending ?? _enumerator.MoveNextAsync()).AsTask();
        _pending = new ValueTask<bool>(move);
        bool moved = await move.WaitAsync(TestTimeouts.Default);
        _pending = null;
        return moved ? _enumerator.Current : null;
    }

    public async Task<List<RecorderEvent>> TakeAsync(int count)
    {
        List<RecorderEvent> events = [];
        while (events.Count < count)
        {
            events.Add(await NextAsync() ?? throw new InvalidOperationException($"the stream ended after {events.Count} of {count} events"));
        }

        return events;
    }

    /// <summary>True when nothing more arrives within <paramref name="quiet"/>; the pending move stays for later.</summary>
    public async Task<bool> IsQuietForAsync(TimeSpan quiet)
    {
        ValueTask<bool> move = _pending ?? _enumerator.MoveNextAsync();
        Task<bool> moving = move.AsTask();
        _pending = new ValueTask<bool>(moving);
        return await Task.WhenAny(moving, Task.Delay(quiet)) != moving;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        bool moving = false;
        try
        {
            if (_pending is { } pending)
            {
                await pending.AsTask().WaitAsync(TestTimeouts.Default);
            }
        }
        catch (OperationCanceledException)
        {
            // The cancellation we asked for.
        }
        catch (TimeoutException)
        {
            // Still inside MoveNextAsync: disposing now would throw and hide the test's own failure.
            moving = true;
        }

        if (!moving)
        {
            await _enumerator.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Default);
        }

        _stop.Dispose();
    }
}
