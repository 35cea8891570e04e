using SeccompRecorder.Recording;
using SeccompRecorder.Syscalls;
using SeccompRecorder.Tests.Native;
using Xunit;

namespace SeccompRecorder.Tests.Recording;

public sealed class SyscallCountersTests
{
    private const uint X86_64 = ArchDecoder.AUDIT_ARCH_X86_64;
    private const uint I386 = ArchDecoder.AUDIT_ARCH_I386;
    private const uint Arm = ArchDecoder.AUDIT_ARCH_ARM;
    private const uint Riscv64 = 0xC00000F3; // AUDIT_ARCH_RISCV64: no table of ours

    [Fact]
    public void Record_FirstCall_ReturnsTrueOnceAndDecodesArch()
    {
        SyscallCounters counters = new();

        bool first = FirstSeen(counters, X86_64, 39, 10, out SyscallArch arch, out int tableNr);
        bool second = FirstSeen(counters, X86_64, 39, 11, out _, out _);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(SyscallArch.X86_64, arch);
        Assert.Equal(39, tableNr);
        Assert.Equal([new SyscallCount(SyscallArch.X86_64, X86_64, 39, 2, 0, 10, 11, 0)], Copy(counters));
    }

    [Fact]
    public void Record_SameNumberOnX86_64AndI386_CountedSeparately()
    {
        // nr 20 is writev on x86_64 and getpid on i386.
        SyscallCounters counters = new();

        Assert.True(FirstSeen(counters, X86_64, 20, 1, out _, out _));
        Assert.True(FirstSeen(counters, I386, 20, 2, out SyscallArch i386, out _));
        FirstSeen(counters, I386, 20, 3, out _, out _);

        Assert.Equal(SyscallArch.X86, i386);
        Assert.Equal(
            [
                new SyscallCount(SyscallArch.X86_64, X86_64, 20, 1, 0, 1, 1, 0),
                new SyscallCount(SyscallArch.X86, I386, 20, 2, 0, 2, 3, 0),
            ],
            Copy(counters));
    }

    [Fact]
    public void Record_X32Call_CountedAsX32WithBitCleared()
    {
        SyscallCounters counters = new();

        Assert.True(FirstSeen(counters, X86_64, ArchDecoder.X32_SYSCALL_BIT | 1, 5, out SyscallArch arch, out int tableNr));

        Assert.Equal((SyscallArch.X32, 1), (arch, tableNr));
        Assert.Equal([new SyscallCount(SyscallArch.X32, X86_64, 1, 1, 0, 5, 5, 0)], Copy(counters));
    }

    [Fact]
    public void Record_ArmPrivateNumber_CountedInOverflowUnderItsNumber()
    {
        SyscallCounters counters = new();
        Assert.True(0x0f0002 >= SyscallTable.DenseLength(SyscallArch.Arm), "precondition: ARM private calls are past the dense table");

        Assert.True(FirstSeen(counters, Arm, 0x0f0002, 7, out SyscallArch arch, out int tableNr));
        Assert.False(FirstSeen(counters, Arm, 0x0f0002, 8, out _, out _));

        Assert.Equal((SyscallArch.Arm, 0x0f0002), (arch, tableNr));
        Assert.Equal([new SyscallCount(SyscallArch.Arm, Arm, 0x0f0002, 2, 0, 7, 8, 0)], Copy(counters));
        Assert.Equal(0, counters.OverflowLost);
    }

    [Fact]
    public void Record_UnknownAuditArch_CountedInOverflowWithItsAuditArch()
    {
        SyscallCounters counters = new();

        Assert.True(FirstSeen(counters, Riscv64, 172, 3, out SyscallArch arch, out _));

        Assert.Equal(SyscallArch.Unknown, arch);
        Assert.Equal([new SyscallCount(SyscallArch.Unknown, Riscv64, 172, 1, 0, 3, 3, 0)], Copy(counters));
    }

    [Fact]
    public void Record_NumberPastTheTable_CountedInOverflowUnderItsNumber()
    {
        SyscallCounters counters = new();
        int past = SyscallTable.DenseLength(SyscallArch.X86_64) + 1000;

        Assert.True(FirstSeen(counters, X86_64, past, 4, out _, out _));
        FirstSeen(counters, X86_64, past, 6, out _, out _);
        FirstSeen(counters, X86_64, 0, 5, out _, out _);

        Assert.Equal(
            [
                new SyscallCount(SyscallArch.X86_64, X86_64, 0, 1, 0, 5, 5, 0),
                new SyscallCount(SyscallArch.X86_64, X86_64, past, 2, 0, 4, 6, 0),
            ],
            Copy(counters));
    }

    [Fact]
    public void Record_NegativeNumber_IsCountedNotLost()
    {
        // syscall(-1) is legal to make; the kernel reports whatever was in the register.
        SyscallCounters counters = new();

        Assert.True(FirstSeen(counters, I386, -1, 1, out SyscallArch arch, out int tableNr));

        Assert.Equal((SyscallArch.X86, -1), (arch, tableNr));
        Assert.Equal([new SyscallCount(SyscallArch.X86, I386, -1, 1, 0, 1, 1, 0)], Copy(counters));
        Assert.Equal(0, counters.OverflowLost);
    }

    [Fact]
    public void Record_MoreDistinctOverflowKeysThanCapacity_CountsTheRestAsLost()
    {
        SyscallCounters counters = new();
        int extra = 44;
        int distinct = SyscallCounters.OverflowCapacity + extra;

        int firsts = 0;
        for (int nr = 0; nr < distinct; nr++)
        {
            firsts += FirstSeen(counters, Riscv64, nr, 1, out _, out _) ? 1 : 0;
        }

        List<SyscallCount> copied = Copy(counters);
        Assert.Equal(SyscallCounters.OverflowCapacity, firsts);
        Assert.Equal(SyscallCounters.OverflowCapacity, copied.Count);
        Assert.All(copied, c => Assert.Equal((SyscallArch.Unknown, Riscv64, 1L), (c.Arch, c.AuditArch, c.Count)));
        Assert.Equal(copied.Count, copied.Select(c => c.Nr).Distinct().Count());
        Assert.Equal(extra, counters.OverflowLost);

        // A key that got a slot keeps counting; one that did not is lost again. Dense archs are unaffected.
        long kept = copied[0].Nr;
        Assert.False(FirstSeen(counters, Riscv64, (int)kept, 2, out _, out _));
        int lostNr = Enumerable.Range(0, distinct).First(nr => copied.All(c => c.Nr != nr));
        Assert.False(FirstSeen(counters, Riscv64, lostNr, 2, out _, out _));
        Assert.True(FirstSeen(counters, X86_64, 1, 2, out _, out _));

        Assert.Equal(extra + 1, counters.OverflowLost);
        Assert.Equal(2, Copy(counters).Single(c => c.Arch == SyscallArch.Unknown && c.Nr == kept).Count);
    }

    [Fact]
    public void Record_TicksOutOfOrder_FirstIsTheFirstRecordedAndLastTheLastRecorded()
    {
        SyscallCounters counters = new();

        FirstSeen(counters, X86_64, 1, 100, out _, out _);
        FirstSeen(counters, X86_64, 1, 300, out _, out _);
        FirstSeen(counters, X86_64, 1, 200, out _, out _);

        SyscallCount count = Assert.Single(Copy(counters));
        Assert.Equal((100L, 200L), (count.FirstTicks, count.LastTicks));
    }

    [Fact]
    public void CopyTo_NothingRecorded_AddsNothing()
    {
        Assert.Empty(Copy(new SyscallCounters()));
    }

    [Fact]
    public void Record_FourThreadsOnTheSameNumber_CountIsExact()
    {
        const int perThread = 100_000;
        SyscallCounters counters = new();
        int firsts = 0;

        RunConcurrently(4, thread =>
        {
            for (int i = 0; i < perThread; i++)
            {
                if (FirstSeen(counters, X86_64, 39, i + 1, out _, out _))
                {
                    Interlocked.Increment(ref firsts);
                }
            }
        });

        SyscallCount count = Assert.Single(Copy(counters));
        Assert.Equal(4L * perThread, count.Count);
        Assert.Equal(1, firsts);
    }

    [Fact]
    public void Record_FourThreadsOnDifferentNumbersAndArchs_EachCountIsExact()
    {
        const int perThread = 100_000;
        SyscallCounters counters = new();
        // Two threads on dense slots, two on overflow slots (an unknown arch and a number past the table).
        (uint AuditArch, int Nr)[] keys = [(X86_64, 0), (I386, 0), (Riscv64, 0), (X86_64, 100_000)];

        RunConcurrently(4, thread =>
        {
            for (int i = 0; i < perThread; i++)
            {
                FirstSeen(counters, keys[thread].AuditArch, keys[thread].Nr, i + 1, out _, out _);
            }
        });

        List<SyscallCount> copied = Copy(counters);
        Assert.Equal(4, copied.Count);
        Assert.All(copied, c => Assert.Equal(perThread, c.Count));
        Assert.Equal(0, counters.OverflowLost);
    }

    [Fact]
    public void Record_FourThreadsRacingForEveryFirstCall_EachKeyReportsFirstExactlyOnce()
    {
        // Every thread records every key in the same order, so they collide on each first call and each slot claim.
        SyscallCounters counters = new();
        int dense = SyscallTable.DenseLength(SyscallArch.X86_64);
        (uint AuditArch, int Nr)[] keys =
        [
            .. Enumerable.Range(0, dense).Select(nr => (X86_64, nr)),
            .. Enumerable.Range(0, 200).Select(nr => (Riscv64, nr)),
        ];
        int[] firsts = new int[keys.Length];

        RunConcurrently(4, thread =>
        {
            for (int k = 0; k < keys.Length; k++)
            {
                if (FirstSeen(counters, keys[k].AuditArch, keys[k].Nr, 1, out _, out _))
                {
                    Interlocked.Increment(ref firsts[k]);
                }
            }
        });

        Assert.All(firsts, f => Assert.Equal(1, f));
        List<SyscallCount> copied = Copy(counters);
        Assert.Equal(keys.Length, copied.Count);
        Assert.All(copied, c => Assert.Equal(4, c.Count));
    }

    private static List<SyscallCount> Copy(SyscallCounters counters)
    {
        List<SyscallCount> copied = [];
        counters.CopyTo(copied);
        copied.Sort(static (a, b) => a.Arch != b.Arch ? a.Arch.CompareTo(b.Arch) : a.Nr.CompareTo(b.Nr));
        return copied;
    }

    /// <summary>Runs <paramref name="body"/> on <paramref name="threads"/> dedicated threads released together.</summary>
    private static void RunConcurrently(int threads, Action<int> body)
    {
        using Barrier start = new(threads);
        Exception? failure = null;
        Thread[] workers = [.. Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                body(t);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
            }
        }) { IsBackground = true })];
        foreach (Thread worker in workers)
        {
            worker.Start();
        }

        foreach (Thread worker in workers)
        {
            Assert.True(worker.Join(TestTimeouts.Default), "a recording thread did not finish in time");
        }

        Assert.Null(failure);
    }

    /// <summary>Record an allowed call; true when it was the first of its (arch, nr).</summary>
    private static bool FirstSeen(SyscallCounters counters, uint auditArch, int nr, long ticks, out SyscallArch arch, out int tableNr) =>
        (counters.Record(auditArch, nr, ticks, denied: false, violation: false, out arch, out tableNr) & RecordOutcome.FirstSeen) != 0;
}
