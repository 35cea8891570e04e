using Microsoft.Extensions.Logging;
using SeccompRecorder.Recording;
using SeccompRecorder.Storage;
using SeccompRecorder.Tests.Grpc;
using SeccompRecorder.Tests.Recording;
using Xunit;

namespace SeccompRecorder.Tests.Storage;

public sealed class StoreFlusherTests : IAsyncLifetime, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("seccomp-recorder-flush-").FullName;
    private readonly CapturedLogs _logs = new();
    private RecordingHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await RecordingHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Flush_DatabaseFull_CountedLoggedOnceAndRetriedUntilItFits()
    {
        using LoggerFactory loggers = new([_logs]);
        using RecordingStore store = RecordingStore.Open(Path.Combine(_dir, "state"), _harness.Time, loggers.CreateLogger<RecordingStore>());
        DaemonCounters counters = new(_harness.Clock);
        ContainerRemoval removal = new(_harness.Registry, store, new StorageSettings(_dir, TimeSpan.FromHours(1)), loggers.CreateLogger<ContainerRemoval>());
        StoreFlusher flusher = new(store, _harness.Registry, removal, counters, _harness.Time, loggers.CreateLogger<StoreFlusher>());
        ContainerRecording container = _harness.Registry.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 3954, isExec: false, initPidFd: null);
        // Enough distinct rows that they cannot fit in the pages the empty schema uses.
        for (int nr = 0; nr < 300; nr++)
        {
            container.RecordCall(RecordingHarness.X86_64(nr), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
        }

        store.LimitPages(store.PageCount());

        bool first = flusher.Flush();
        bool second = flusher.Flush();
        store.LimitPages(1_000_000);
        bool third = flusher.Flush();

        Assert.Equal((false, false, true), (first, second, third));
        Assert.Equal(2, counters.StorageErrors);
        Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("failed", StringComparison.Ordinal));
        Assert.Single(_logs.Entries, e => e.Message.Contains("works again after 2 failed flushes", StringComparison.Ordinal));
        Assert.Equal(300, store.Load().Single().Syscalls.Count);
    }
}
