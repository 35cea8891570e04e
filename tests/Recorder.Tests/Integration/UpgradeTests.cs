using System.Globalization;
using Microsoft.Data.Sqlite;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Demo;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Profiles;
using SeccompRecorder.Storage;
using SeccompRecorder.Tests.Grpc;
using Xunit;
using Xunit.Abstractions;

namespace SeccompRecorder.Tests.Integration;

/// <summary>
/// Upgrades from the previous release (<see cref="PreviousRelease.Commit"/>, its real binary) to this build, the three
/// ways a machine does one: <c>daemon --takeover</c>, a clean <c>systemctl restart</c> with the fd store after the package
/// replaced the binary, and the new binary started after the old one crashed. The old daemon's hand-over document, fd
/// store entries and schema-1 database must carry every container through: no call fails, no count is lost, and what
/// the old daemon recorded is run 1 of its id.
/// </summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class UpgradeTests : IClassFixture<PreviousRelease>
{
    private const int Calls = 1_000_000;
    private const int ShortCalls = 7;
    private static readonly string[] s_archs = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"];
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromMinutes(3);
    private readonly RuncEnvironment _env;
    private readonly PreviousRelease _release;
    private readonly ITestOutputHelper _output;

    public UpgradeTests(RuncEnvironment env, PreviousRelease release, ITestOutputHelper output)
    {
        _env = env;
        _release = release;
        _output = output;
    }

    [Fact]
    public async Task Takeover_FromPreviousRelease_EveryFdServedAndCountsCarriedOver()
    {
        const string id = "it-upgrade-takeover";
        const string exited = "it-upgrade-takeover-exited";
        const int children = 20;
        const int handCalls = 200;
        string dir = Path.Combine(_env.TempDir, "daemons", id);
        DaemonProcess old = await DaemonProcess.StartExecutableAsync(_release.Executable, dir);
        await using DaemonProcessGuard guard = new(old);
        await RunShortAsync(old.ListenerPath, exited, exited);
        Assert.Equal((ulong)ShortCalls, (await old.WaitForContainerExitAsync(exited)).Notifications);
        Task<ProcessResult> run = await StartCallingAsync(old.ListenerPath, id);
        await using NotifyHand hand = NotifyHand.Start(_env.HelpersDir, old.ListenerPath, children, handCalls, "it-upgrade-hand");
        await hand.WaitAttachedAsync(children, TestTimeouts.Default);
        using (RecorderClient client = old.Client())
        {
            await WaitForCallsAsync(client, id, run, () => old.Output);
            await Poll.UntilAsync(
                async ct => await client.GetStatusAsync(ct) is { ListenersOpen: children + 1 } status ? status : null,
                () => $"{children + 1} listeners are open (old daemon log:\n{old.Output})");
        }

        await WaitForDatabaseAsync(dir, 1, rows => rows.Contains((exited, (long)ShortCalls)), () => old.Output);

        await using DaemonProcess successor = DaemonProcess.Launch(dir, "--takeover");
        int oldExit = await WaitForExitOrExplainAsync(old, successor);
        await successor.WaitUntilServingAsync();
        (int handExit, string[] handLines) = await hand.ReleaseAsync(s_runTimeout);
        ProcessResult result = await run;
        Container after = await successor.WaitForContainerExitAsync(id);
        Container exitedAfter = await successor.WaitForContainerExitAsync(exited);
        IReadOnlyList<Container> handContainers;
        using (RecorderClient client = successor.Client())
        {
            await Poll.UntilAsync(
                async ct => await client.GetStatusAsync(ct) is { ListenersOpen: 0 } status ? status : null,
                () => $"every listener has closed (log:\n{successor.Output})");
            handContainers = [.. (await client.ListContainersAsync()).Where(c => c.Id.StartsWith("it-upgrade-hand-", StringComparison.Ordinal))];
        }

        AssertNoErrorLogged(old.Output + successor.Output);
        Assert.True(oldExit == 0, $"the old daemon exited {oldExit}:\n{old.Output}");
        Assert.Contains($"Handed over: the successor serves {children + 1} notify fds", old.Output, StringComparison.Ordinal);
        Assert.Contains($"Took over {children + 2} containers and {children + 1} notify fds", successor.Output, StringComparison.Ordinal);
        // The old release neither locks the state directory nor hands a lock over: the successor locks it itself.
        Assert.Contains("no other daemon can use it", successor.Output, StringComparison.Ordinal);
        Assert.Equal(successor.Pid, StateLockProbe.Pid(StateLockProbe.PathIn(dir)));
        AssertCalledThrough(result);
        Assert.True(handExit == 0, $"notifyhand exited {handExit}:\n{string.Join('\n', handLines)}\n{hand.StandardError}");
        Assert.Equal(children, handLines.Count(l => l.EndsWith($" ok={handCalls} errors=0 last_errno=0", StringComparison.Ordinal)));
        // Counted exactly across the two daemons, each recording the old one made now run 1 of its id.
        Assert.Equal(((ulong)Calls, (ulong)Calls, 1U, 1U), (after.Notifications, after.Syscalls.Single().Count, after.ListenersTotal, after.Run));
        Assert.Equal(((ulong)ShortCalls, 1U), (exitedAfter.Notifications, exitedAfter.Run));
        Assert.Equal(children, handContainers.Count);
        Assert.All(handContainers, c => Assert.Equal(((ulong)handCalls, 1U), (c.Notifications, c.Run)));

        await WaitForDatabaseAsync(dir, StoreSchema.CurrentVersion, rows => rows.Contains((exited, (long)ShortCalls)) && rows.Contains((id, (long)Calls)), () => successor.Output);

        // The id used again after the upgrade is run 2; run 1, as the old daemon recorded it, stays.
        await RunShortAsync(successor.ListenerPath, exited, exited + "-again", calls: 3);
        using (RecorderClient client = successor.Client())
        {
            Container second = await Poll.UntilAsync(
                async ct => await client.GetContainerAsync(exited, 0, ct) is { Run: 2, State: ContainerState.Exited } c ? c : null,
                () => $"run 2 of {exited} has exited (log:\n{successor.Output})");
            Container first = await client.GetContainerAsync(exited, 1, CancellationToken.None);
            Assert.Equal((3UL, (ulong)ShortCalls), (second.Notifications, first.Notifications));
        }
    }

    [Fact]
    public async Task Restart_FdStoreFromPreviousReleaseToThisBuild_ContainerCallsThroughAndDatabaseMigrated()
    {
        const string id = "it-upgrade-fdstore";
        const string exited = "it-upgrade-fdstore-exited";
        await using FakeSystemd systemd = FakeSystemd.StartExecutable(_release.Executable, Path.Combine(_env.TempDir, "daemons", id), "--fd-store");
        await systemd.WaitForAsync("READY ");
        await RunShortAsync(systemd.ListenerPath, exited, exited);
        Task<ProcessResult> run = await StartCallingAsync(systemd.ListenerPath, id);
        using (RecorderClient client = systemd.Client())
        {
            await WaitForCallsAsync(client, id, run, () => systemd.Log);
        }

        // What the old daemon wrote: schema 1, the exited container in it.
        await WaitForDatabaseAsync(systemd.Directory, 1, rows => rows.Contains((exited, (long)ShortCalls)), () => systemd.Log);

        await systemd.UpgradeAsync(RepoPaths.RecorderExecutable);
        await systemd.SendAsync("restart");
        (string exit, _) = await systemd.WaitForAsync("EXITED ");
        (string ready, _) = await systemd.WaitForAsync("READY ");
        ProcessResult result = await run;
        Container after = await systemd.WaitForContainerExitAsync(id);
        Container exitedAfter = await systemd.WaitForContainerExitAsync(exited);

        AssertNoErrorLogged(systemd.Log);
        Assert.EndsWith(" 0", exit, StringComparison.Ordinal);
        AssertCalledThrough(result);
        // The message of this build (it names waiting connections): the restart ran the new binary.
        Assert.Contains("Took over 2 containers and 1 notify fds from the previous daemon, and 0 runtime connections", systemd.Log, StringComparison.Ordinal);
        Assert.Equal(int.Parse(ready["READY ".Length..], CultureInfo.InvariantCulture), StateLockProbe.Pid(StateLockProbe.PathIn(systemd.Directory)));
        Assert.Equal(((ulong)Calls, (ulong)Calls, 1U, 1U), (after.Notifications, after.Syscalls.Single().Count, after.ListenersTotal, after.Run));
        Assert.Equal(((ulong)ShortCalls, 1U), (exitedAfter.Notifications, exitedAfter.Run));
        // The database migrated in place: the old daemon's row is run 1 beside what the new daemon flushed since.
        await WaitForDatabaseAsync(systemd.Directory, StoreSchema.CurrentVersion, rows => rows.Contains((exited, (long)ShortCalls)) && rows.Contains((id, (long)Calls)), () => systemd.Log);
        Assert.Equal([(id, 1L), (exited, 1L)], ReadRuns(systemd.Directory));
    }

    [Fact]
    public async Task Crash_PreviousReleaseUnderFdStore_ThisBuildServesTheKeptFdsAndKeepsTheRecordings()
    {
        const string id = "it-upgrade-crash";
        const string exited = "it-upgrade-crash-exited";
        const int children = 5;
        const int handCalls = 200;
        await using FakeSystemd systemd = FakeSystemd.StartExecutable(_release.Executable, Path.Combine(_env.TempDir, "daemons", id), "--fd-store");
        await systemd.WaitForAsync("READY ");
        Task<ProcessResult> run = await StartCallingAsync(systemd.ListenerPath, id);
        (string live, _) = await systemd.WaitForAsync("STORED live-");
        // Attached across the crash, calling only after it: each of their fds is in the store under the old daemon's
        // journal names alone.
        await using NotifyHand hand = NotifyHand.Start(_env.HelpersDir, systemd.ListenerPath, children, handCalls, "it-upgrade-crash-hand");
        await hand.WaitAttachedAsync(children, TestTimeouts.Default);
        for (int fd = 0; fd < children + 1; fd++)
        {
            await systemd.WaitForAsync("STORED meta-");
        }

        await RunShortAsync(systemd.ListenerPath, exited, exited);
        using (RecorderClient client = systemd.Client())
        {
            await WaitForCallsAsync(client, id, run, () => systemd.Log);
        }

        // After SIGKILL the database is all that is left of the counts (the fd store keeps only the fds and whose they
        // are): the restarted daemon must start from at least what the old one flushed last.
        IReadOnlyList<(string Id, long Notifications)> flushed = await WaitForDatabaseAsync(
            systemd.Directory, 1, rows => rows.Contains((exited, (long)ShortCalls)) && rows.Any(r => r.Id == id && r.Notifications >= 20_000), () => systemd.Log);
        await systemd.SendAsync("kill");
        (string exit, _) = await systemd.WaitForAsync("EXITED ");
        await systemd.UpgradeAsync(RepoPaths.RecorderExecutable);
        await systemd.SendAsync("start");
        await systemd.WaitForAsync("READY ");
        ProcessResult result = await systemd.WithinAsync(run, TimeSpan.FromSeconds(60), "the container hangs after the upgrade");

        (int handExit, string[] handLines) = await hand.ReleaseAsync(s_runTimeout);
        Container after = await systemd.WaitForContainerExitAsync(id);
        Container exitedAfter = await systemd.WaitForContainerExitAsync(exited);
        ulong before = (ulong)flushed.Single(r => r.Id == id).Notifications;

        AssertNoErrorLogged(systemd.Log);
        Assert.EndsWith(" -9", exit, StringComparison.Ordinal);
        AssertCalledThrough(result);
        Assert.True(handExit == 0, $"notifyhand exited {handExit}:\n{string.Join('\n', handLines)}\n{hand.StandardError}\nlog:\n{systemd.Log}");
        Assert.Equal(children, handLines.Count(l => l.EndsWith($" ok={handCalls} errors=0 last_errno=0", StringComparison.Ordinal)));
        Assert.Contains($"serving again the {children + 1} notify fds systemd kept (0 had hung up meanwhile", systemd.Log, StringComparison.Ordinal);
        Assert.Contains("on the socket the previous daemon handed over", systemd.Log, StringComparison.Ordinal);
        Assert.Contains($"REMOVED {live["STORED ".Length..]}", systemd.Events, StringComparison.Ordinal);
        // Calls the killed daemon answered after its last flush are the only ones not counted.
        Assert.InRange(after.Notifications, before, (ulong)Calls);
        Assert.InRange(after.Syscalls.Single().Count, before, (ulong)Calls);
        Assert.Equal((1U, 1U), (after.ListenersTotal, after.Run));
        // Only the migrated database knew the exited container.
        Assert.Equal(((ulong)ShortCalls, 1U), (exitedAfter.Notifications, exitedAfter.Run));
        IReadOnlyList<(string Id, long Notifications)> stored = await WaitForDatabaseAsync(
            systemd.Directory, StoreSchema.CurrentVersion, rows => rows.Contains((exited, (long)ShortCalls)) && rows.Contains((id, (long)after.Notifications)) && rows.Count(r => r.Notifications == handCalls) == children, () => systemd.Log);
        Assert.Equal(children + 2, stored.Count);
        Assert.All(ReadRuns(systemd.Directory), r => Assert.Equal(1L, r.Run));
    }

    /// <summary>Warnings are reported (a crash is one); an error or worse from either daemon fails the upgrade.</summary>
    private void AssertNoErrorLogged(string log)
    {
        string[] warnings = [.. log.Split('\n').Where(l => l.Contains(" warn: ", StringComparison.Ordinal))];
        _output.WriteLine(warnings.Length == 0 ? "no warnings logged" : string.Join('\n', warnings));
        Assert.Empty(DaemonLog.Errors(log, []));
    }

    private static void AssertCalledThrough(ProcessResult result)
    {
        Assert.True(result.Succeeded, result.ToString());
        Assert.Contains($"count={Calls} ok={Calls} errors=0", result.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>A container making <see cref="Calls"/> notified getppid, running on once its first 20 000 are counted.</summary>
    private async Task<Task<ProcessResult>> StartCallingAsync(string listenerPath, string id)
    {
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/sysloop", "getppid", Calls.ToString(CultureInfo.InvariantCulture)], SeccompProfileJson.Notify(listenerPath, string.Empty, s_archs, ["getppid"]));
        return _env.Runc.RunAsync(bundle.Directory, id, s_runTimeout, CancellationToken.None);
    }

    private async Task RunShortAsync(string listenerPath, string id, string bundleName, int calls = ShortCalls)
    {
        RuncBundle bundle = await _env.NewBundleAsync(bundleName);
        bundle.Configure(["/sysloop", "getppid", calls.ToString(CultureInfo.InvariantCulture)], SeccompProfileJson.Notify(listenerPath, string.Empty, s_archs, ["getppid"]));
        ProcessResult run = await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);
        Assert.True(run.Succeeded, run.ToString());
    }

    private static async Task WaitForCallsAsync(RecorderClient client, string id, Task<ProcessResult> run, Func<string> log) =>
        await Poll.UntilAsync(
            async ct => run.IsCompleted
                ? throw new InvalidOperationException($"the container ended before the upgrade: {await run}")
                : (await client.ListContainersAsync(ct)).FirstOrDefault(c => c.Id == id && c.Notifications >= 20_000),
            () => $"container {id} is calling (log:\n{log()})");

    private static async Task<int> WaitForExitOrExplainAsync(DaemonProcess first, DaemonProcess second)
    {
        try
        {
            return await first.WaitForExitAsync();
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"the old daemon did not exit.\nold:\n{first.Output}\nnew:\n{second.Output}", e);
        }
    }

    /// <summary>
    /// Until the recordings.db of the daemon in <paramref name="directory"/> is at schema <paramref name="version"/> and its
    /// (id, notifications) rows satisfy <paramref name="done"/>: read beside the running daemon, as its flushes left it.
    /// </summary>
    private static async Task<IReadOnlyList<(string Id, long Notifications)>> WaitForDatabaseAsync(
        string directory, int version, Func<IReadOnlyList<(string Id, long Notifications)>, bool> done, Func<string> log)
    {
        string last = "not read yet";
        return await Poll.UntilAsync<IReadOnlyList<(string, long)>>(
            _ =>
            {
                try
                {
                    using SqliteConnection connection = OpenDatabase(directory);
                    int stored = StoreSchema.ReadVersion(connection);
                    List<(string, long)> rows = Query(connection, "SELECT id, notifications FROM containers ORDER BY id", r => (r.GetString(0), r.GetInt64(1)));
                    last = $"schema {stored}, rows {string.Join(", ", rows)}";
                    return Task.FromResult<IReadOnlyList<(string, long)>?>(stored == version && done(rows) ? rows : null);
                }
                catch (SqliteException e)
                {
                    last = e.Message; // not created yet, or in the middle of its migration
                    return Task.FromResult<IReadOnlyList<(string, long)>?>(null);
                }
            },
            () => $"recordings.db is at schema {version} with the rows expected (last read: {last}; log:\n{log()})");
    }

    private static List<(string Id, long Run)> ReadRuns(string directory)
    {
        using SqliteConnection connection = OpenDatabase(directory);
        return Query(connection, "SELECT id, run FROM containers ORDER BY id, run", r => (r.GetString(0), r.GetInt64(1)));
    }

    private static SqliteConnection OpenDatabase(string directory)
    {
        SqliteConnection connection = new($"Data Source={Path.Combine(directory, "state", RecordingStore.FileName)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }

    private static List<T> Query<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> row)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        List<T> rows = [];
        while (reader.Read())
        {
            rows.Add(row(reader));
        }

        return rows;
    }
}
