using System.Runtime.CompilerServices;
using SeccompRecorder.Native;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Recording.Executables;

/// <summary>
/// One container's counts per (executable, arch, syscall): the calling thread's executable from
/// <see cref="ProcessCache"/>, then a <see cref="SyscallCounters"/> per executable, allocated on that executable's
/// first call. Notified execve/execveat, exit and exit_group keep the cache true. Written by the container's notify
/// threads without lock or allocation once its threads are resolved; read by snapshots.
/// </summary>
internal sealed class ExecutableRecorder
{
    // Per arch, the table numbers of the calls that change which executable a thread runs, or end it; -1 where the
    // arch has no such call.
    private static readonly int[][] s_lifecycle = [.. Enum.GetValues<SyscallArch>().Where(a => a != SyscallArch.Unknown).Select(Lifecycle)];

    private readonly SyscallCounters?[] _counters = new SyscallCounters?[ExecutableNames.Count];

    public ExecutableRecorder(IProcessInspector inspector, long revalidateTicks)
    {
        Processes = new ProcessCache(inspector, Names, revalidateTicks);
    }

    public ExecutableNames Names { get; } = new();

    public ProcessCache Processes { get; }

    /// <summary>Hot path: counts one call under its thread's executable.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Record(SyscallArch arch, int tableNr, in SeccompNotification notification, long ticks, bool denied)
    {
        int tid = (int)notification.Pid;
        int executable = Processes.Executable(tid, ticks);
        SyscallCounters counters = Volatile.Read(ref _counters[executable]) ?? AllocateCounters(executable);
        counters.Record(arch, notification.Arch, notification.Nr, tableNr, ticks, denied);
        if (arch != SyscallArch.Unknown)
        {
            int[] lifecycle = s_lifecycle[(int)arch];
            if (tableNr == lifecycle[0] || tableNr == lifecycle[1])
            {
                Processes.ExecNotified(tid);
            }
            else if (tableNr == lifecycle[2])
            {
                Processes.ThreadExitNotified(tid);
            }
            else if (tableNr == lifecycle[3])
            {
                Processes.GroupExitNotified(tid);
            }
        }
    }

    /// <summary>Puts back counts an earlier daemon recorded, before the container is published to notify threads.</summary>
    public bool Seed(string executable, uint auditArch, int nr, long count, long denied) =>
        Counters(Names.Intern(executable)).Seed(auditArch, nr, count, denied, 0, 0);

    /// <summary>Off the hot path: every executable with a call, busiest first; twins of a name are added up.</summary>
    public List<ExecutableSnapshot> Snapshot()
    {
        Dictionary<string, Dictionary<(SyscallArch, uint, long), (long Count, long Denied)>> byName = new(StringComparer.Ordinal);
        List<SyscallCount> counts = [];
        for (int index = 0; index < ExecutableNames.Count; index++)
        {
            if (Volatile.Read(ref _counters[index]) is not { } counters || Names.Name(index) is not { } name)
            {
                continue;
            }

            counts.Clear();
            counters.CopyTo(counts);
            if (counts.Count == 0)
            {
                continue;
            }

            if (!byName.TryGetValue(name, out var calls))
            {
                byName[name] = calls = [];
            }

            foreach (SyscallCount count in counts)
            {
                (long c, long d) = calls.GetValueOrDefault((count.Arch, count.AuditArch, count.Nr));
                calls[(count.Arch, count.AuditArch, count.Nr)] = (c + count.Count, d + count.Denied);
            }
        }

        List<ExecutableSnapshot> executables = [.. byName.Select(e => ToSnapshot(e.Key, e.Value))];
        executables.Sort(static (a, b) => a.Calls != b.Calls ? b.Calls.CompareTo(a.Calls) : string.CompareOrdinal(a.Path, b.Path));
        return executables;
    }

    private static ExecutableSnapshot ToSnapshot(string name, Dictionary<(SyscallArch Arch, uint AuditArch, long Nr), (long Count, long Denied)> calls)
    {
        List<ExecutableSyscall> syscalls = [.. calls.Select(c => new ExecutableSyscall(
            c.Key.Arch,
            ArchDecoder.Name(c.Key.Arch, c.Key.AuditArch),
            c.Key.Nr,
            c.Key.Arch == SyscallArch.Unknown ? null : SyscallTable.Name(c.Key.Arch, c.Key.Nr),
            c.Value.Count,
            c.Value.Denied))];
        syscalls.Sort(static (a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count)
            : a.Arch != b.Arch ? a.Arch.CompareTo(b.Arch) : a.Nr.CompareTo(b.Nr));
        return new ExecutableSnapshot(name, syscalls.Sum(s => s.Count), syscalls.Sum(s => s.Denied), syscalls);
    }

    private SyscallCounters Counters(int executable) => Volatile.Read(ref _counters[executable]) ?? AllocateCounters(executable);

    // Once per executable per container.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private SyscallCounters AllocateCounters(int executable)
    {
        SyscallCounters fresh = new();
        return Interlocked.CompareExchange(ref _counters[executable], fresh, null) ?? fresh;
    }

    private static int[] Lifecycle(SyscallArch arch) =>
        [.. new[] { "execve", "execveat", "exit", "exit_group" }.Select(name => SyscallTable.TryGetNumber(arch, name, out int nr) ? nr : -1)];
}
