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
    public void Record(SyscallArch arch, int tableNr, in SeccompNotification notification, long ticks, bool denied, bool violation)
    {
        int tid = (int)notification.Pid;
        int executable = Processes.Executable(tid, ticks);
        SyscallCounters counters = Volatile.Read(ref _counters[executable]) ?? AllocateCounters(executable);
        counters.Record(arch, notification.Arch, notification.Nr, tableNr, ticks, denied, violation);
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
        Counters(Names.Intern(executable)).Seed(auditArch, nr, count, denied, 0, 0, violations: 0);

    /// <summary>Off the hot path: every executable with a call, busiest first; twins of a name are added up.</summary>
    public List<ExecutableSnapshot> Snapshot()
    {
        List<ExecutableSnapshot> executables = [];
        List<SyscallCount> counts = [];
        for (int index = 0; index < ExecutableNames.Count; index++)
        {
            if (Volatile.Read(ref _counters[index]) is not { } counters || Names.Name(index) is not { } name)
            {
                continue;
            }

            counts.Clear();
            counters.CopyTo(counts);
            if (counts.Count > 0)
            {
                executables.Add(new ExecutableSnapshot(name, 0, 0, [.. counts.Select(c => new ExecutableSyscall(
                    c.Arch,
                    ArchDecoder.Name(c.Arch, c.AuditArch),
                    c.Nr,
                    c.Arch == SyscallArch.Unknown ? null : SyscallTable.Name(c.Arch, c.Nr),
                    c.Count,
                    c.Denied))]));
            }
        }

        return ExecutableSnapshot.Merge(executables);
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
