using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using SeccompRecorder.Recording;
using SeccompRecorder.Recording.Arguments;
using SeccompRecorder.Storage;
using SeccompRecorder.Syscalls;
using SeccompRecorder.Tests.Recording;
using Xunit;
using Xunit.Abstractions;

namespace SeccompRecorder.Tests.Storage;

/// <summary>
/// The once-a-second flush with 1000 containers (issue #5 point 4): every row stored, nothing rewritten when nothing
/// changed, exactly the changed rows otherwise. Each flush is also timed and written to the test output (what
/// docs/PERFORMANCE.md reports); the times are never asserted.
/// </summary>
public sealed class StoreFlusherScaleTests : IAsyncLifetime, IDisposable
{
    private const int Containers = 1000;
    private const int Repeats = 3;

    private readonly string _dir = Directory.CreateTempSubdirectory("seccomp-recorder-flush-scale-").FullName;
    private readonly ITestOutputHelper _output;
    private RecordingHarness _harness = null!;

    public StoreFlusherScaleTests(ITestOutputHelper output) => _output = output;

    public async Task InitializeAsync() => _harness = await RecordingHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(1)]     // what tests/helpers/notifyhand's containers record
    [InlineData(40)]    // about what a busybox shell records under the template (36 names in README's example)
    public void Flush_ThousandContainers_AllRowsOnceThenNothingThenExactlyTheChanged(int syscallsPerContainer)
    {
        using RecordingStore store = RecordingStore.Open(Path.Combine(_dir, "state"), _harness.Time, NullLogger<RecordingStore>.Instance);
        DaemonCounters counters = new(_harness.Clock);
        ContainerRemoval removal = new(_harness.Registry, store, new StorageSettings(_dir, TimeSpan.FromHours(1)), NullLogger<ContainerRemoval>.Instance);
        StoreFlusher flusher = new(store, _harness.Registry, removal, counters, _harness.Time, NullLogger<StoreFlusher>.Instance);
        List<ContainerRecording> containers = [];
        for (int i = 0; i < Containers; i++)
        {
            containers.Add(_harness.Registry.Attach(RecordingHarness.Identity($"c{i}", 10_000 + i), RecordingHarness.RecordPolicy, 10_000 + i, isExec: false, initPidFd: null));
        }

        CallEverySyscall(containers, syscallsPerContainer);
        // A syscall with recorded arguments (mmap, mprotect and ioctl among x86_64's first 40) has a row per argument too.
        long argumentRows = Enumerable.Range(0, syscallsPerContainer)
            .Sum(nr => ArgumentTable.TryGetRules(SyscallArch.X86_64, nr, out _, out int count) ? count : 0);
        // And each syscall a row under the one executable that made it.
        long allRows = Containers * (1L + (2L * syscallsPerContainer) + argumentRows);

        (TimeSpan first, long firstRows) = TimedFlush(flusher, store);
        List<(TimeSpan Time, long Rows)> unchanged = [.. Enumerable.Range(0, Repeats).Select(_ => TimedFlush(flusher, store))];
        List<(TimeSpan Time, long Rows)> changed = [];
        for (int i = 0; i < Repeats; i++)
        {
            _harness.Time.Advance(TimeSpan.FromSeconds(1));
            CallEverySyscall(containers, syscallsPerContainer);
            changed.Add(TimedFlush(flusher, store));
        }

        _output.WriteLine(
            $"{Containers} containers x {syscallsPerContainer} syscalls: first flush {first.TotalMilliseconds:0.0} ms ({firstRows} rows); " +
            $"nothing changed: median {Median(unchanged).TotalMilliseconds:0.0} ms; every row changed: median {Median(changed).TotalMilliseconds:0.0} ms ({allRows} rows)");
        Assert.Equal(allRows, firstRows);
        Assert.All(unchanged, u => Assert.Equal(0, u.Rows));
        Assert.All(changed, c => Assert.Equal(allRows, c.Rows));
        IReadOnlyList<StoredContainer> stored = store.Load();
        Assert.Equal(Containers, stored.Count);
        Assert.All(stored, c => Assert.Equal(
            Enumerable.Repeat(1L + Repeats, syscallsPerContainer),
            c.Syscalls.OrderBy(s => s.Nr).Select(s => s.Count)));
        Assert.Equal(0, counters.StorageErrors);
    }

    private void CallEverySyscall(List<ContainerRecording> containers, int syscallsPerContainer)
    {
        foreach (ContainerRecording container in containers)
        {
            for (int nr = 0; nr < syscallsPerContainer; nr++)
            {
                container.RecordCall(RecordingHarness.X86_64(nr), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
            }
        }
    }

    private static (TimeSpan Time, long Rows) TimedFlush(StoreFlusher flusher, RecordingStore store)
    {
        long rowsBefore = store.RowsWritten;
        long start = Stopwatch.GetTimestamp();
        Assert.True(flusher.Flush());
        return (Stopwatch.GetElapsedTime(start), store.RowsWritten - rowsBefore);
    }

    private static TimeSpan Median(List<(TimeSpan Time, long Rows)> runs) => runs.Select(r => r.Time).Order().ElementAt(runs.Count / 2);
}
