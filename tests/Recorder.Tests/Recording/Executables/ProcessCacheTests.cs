using SeccompRecorder.Recording.Executables;
using Xunit;

namespace SeccompRecorder.Tests.Recording.Executables;

/// <summary>Which executable a thread runs: resolved once, again after a notified exec, a pid reused, an exit.</summary>
public sealed class ProcessCacheTests
{
    private const long Revalidate = 1000;

    private readonly FakeInspector _proc = new();
    private readonly ExecutableNames _names = new();
    private readonly ProcessCache _cache;

    public ProcessCacheTests() => _cache = new ProcessCache(_proc, _names, Revalidate);

    [Fact]
    public void Executable_SameThreadAgain_ResolvedOnce()
    {
        _proc.Set(100, 100, 5, "/bin/a");

        int first = _cache.Executable(100, ticks: 1);
        int second = _cache.Executable(100, ticks: 2);

        Assert.Equal("/bin/a", _names.Name(first));
        Assert.Equal(first, second);
        Assert.Equal(1, _proc.Inspections);
    }

    [Fact]
    public void Executable_TwoThreadsOfTwoProcesses_EachItsOwn()
    {
        _proc.Set(100, 100, 5, "/bin/a");
        _proc.Set(101, 100, 5, "/bin/a");
        _proc.Set(200, 200, 9, "/bin/b");

        Assert.Equal("/bin/a", _names.Name(_cache.Executable(100, 1)));
        Assert.Equal("/bin/a", _names.Name(_cache.Executable(101, 1)));
        Assert.Equal("/bin/b", _names.Name(_cache.Executable(200, 1)));
    }

    [Fact]
    public void ExecNotified_LeaderExecs_NextCallsHaveTheNewExecutable()
    {
        // runc's init: pid 100 runs runc, execs the workload; pid and start time stay.
        _proc.Set(100, 100, 5, "/usr/bin/runc");
        Assert.Equal("/usr/bin/runc", _names.Name(_cache.Executable(100, 1)));

        _cache.ExecNotified(100);
        _proc.Set(100, 100, 5, "/bin/workload");

        Assert.Equal("/bin/workload", _names.Name(_cache.Executable(100, 2)));
        int inspections = _proc.Inspections;
        Assert.Equal("/bin/workload", _names.Name(_cache.Executable(100, 3)));
        Assert.Equal(inspections, _proc.Inspections);
    }

    [Fact]
    public void ExecNotified_CallsBeforeTheExecTakesEffect_KeepTheOldThenFindTheNew()
    {
        // A non-leader thread execs: until its exec takes effect, the leader's calls still run the old file; then the
        // process continues under the leader's id with the new one.
        _proc.Set(100, 100, 5, "/bin/old");
        _proc.Set(102, 100, 5, "/bin/old");
        _cache.Executable(100, 1);
        _cache.Executable(102, 1);

        _cache.ExecNotified(102);
        Assert.Equal("/bin/old", _names.Name(_cache.Executable(100, 2)));
        _proc.Set(100, 100, 5, "/bin/new");
        _proc.Remove(102);

        Assert.Equal("/bin/new", _names.Name(_cache.Executable(100, 3)));
    }

    [Fact]
    public void ExecNotified_ExecFails_RechecksEndAndTheCacheHoldsAgain()
    {
        _proc.Set(100, 100, 5, "/bin/sh");
        _cache.Executable(100, 1);

        _cache.ExecNotified(100); // execve of a PATH entry that is not there: ENOENT, no exec
        for (int call = 0; call < ProcessCache.ExecRechecks + 5; call++)
        {
            Assert.Equal("/bin/sh", _names.Name(_cache.Executable(100, 2)));
        }

        Assert.Equal(1 + ProcessCache.ExecRechecks, _proc.Inspections);
    }

    [Fact]
    public void Executable_PidReusedWithoutANotifiedExit_FoundAtRevalidation()
    {
        _proc.Set(100, 100, 5, "/bin/a");
        _cache.Executable(100, 1);
        _proc.Set(100, 100, 77, "/bin/b"); // another process, another start time, the same pid

        Assert.Equal("/bin/a", _names.Name(_cache.Executable(100, Revalidate)));
        Assert.Equal("/bin/b", _names.Name(_cache.Executable(100, 1 + Revalidate)));
    }

    [Fact]
    public void GroupExitNotified_PidReused_ResolvedAgainAtOnce()
    {
        _proc.Set(100, 100, 5, "/bin/a");
        _proc.Set(101, 100, 5, "/bin/a");
        _cache.Executable(100, 1);
        _cache.Executable(101, 1);

        _cache.GroupExitNotified(101);
        _proc.Set(100, 100, 77, "/bin/b");
        _proc.Set(101, 100, 77, "/bin/b");

        Assert.Equal("/bin/b", _names.Name(_cache.Executable(100, 2)));
        Assert.Equal("/bin/b", _names.Name(_cache.Executable(101, 2)));
    }

    [Fact]
    public void ThreadExitNotified_OnlyThatThreadForgotten()
    {
        _proc.Set(100, 100, 5, "/bin/a");
        _proc.Set(101, 100, 5, "/bin/a");
        _cache.Executable(100, 1);
        _cache.Executable(101, 1);

        _cache.ThreadExitNotified(101);
        _proc.Set(101, 300, 8, "/bin/c");

        Assert.Equal("/bin/c", _names.Name(_cache.Executable(101, 2)));
        Assert.Equal(3, _proc.Inspections);
        Assert.Equal("/bin/a", _names.Name(_cache.Executable(100, 2)));
        Assert.Equal(3, _proc.Inspections);
    }

    [Fact]
    public void Executable_ThreadGoneOrPidZero_UnknownAndCached()
    {
        Assert.Equal(ExecutableNames.Unknown, _cache.Executable(0, 1));
        Assert.Equal(0, _proc.Inspections);

        Assert.Equal(ExecutableNames.Unknown, _cache.Executable(555, 1));
        Assert.Equal(ExecutableNames.Unknown, _cache.Executable(555, 2));
        Assert.Equal(1, _proc.Inspections);
    }

    [Fact]
    public void Executable_MoreThreadsThanSlots_EveryCallStillAttributed()
    {
        for (int tid = 1; tid <= ProcessCache.Slots * 3; tid++)
        {
            _proc.Set(tid, tid, 1, tid % 2 == 0 ? "/bin/even" : "/bin/odd");
        }

        for (int round = 0; round < 2; round++)
        {
            for (int tid = 1; tid <= ProcessCache.Slots * 3; tid++)
            {
                Assert.Equal(tid % 2 == 0 ? "/bin/even" : "/bin/odd", _names.Name(_cache.Executable(tid, 1)));
            }
        }
    }
}
