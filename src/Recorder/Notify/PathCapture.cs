using System.Runtime.CompilerServices;
using SeccompRecorder.Native;
using SeccompRecorder.Recording;
using SeccompRecorder.Recording.Paths;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Notify;

/// <summary>
/// Reads the path of a path-taking call (<see cref="PathTable"/>) out of the stopped target, for a denied call and,
/// with --capture-paths, for every call: one per notify thread. Runs before the answer, while the target waits in the
/// kernel; then asks the kernel whether the notification is still pending (NOTIF_ID_VALID): if it is not, the target
/// died or was interrupted while we read, its pid may already name another process, and what was read is dropped.
/// The path is informational: the target (or a thread sharing its memory) can change it after we read it, so it never
/// decides an answer (README, threat model). A call not captured costs one test, and allocates nothing.
/// </summary>
internal sealed class PathCapture
{
    private readonly ContainerRecording _container;
    private readonly bool _whenAllowed;
    private readonly PathReadCounters _counters;
    private byte[]? _buffer;

    public PathCapture(ContainerRecording container, PathReadCounters counters)
    {
        _container = container;
        _whenAllowed = counters.WhenAllowed;
        _counters = counters;
    }

    /// <summary>Hot path, before SEND: nothing for an allowed call unless paths are captured for those too.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void BeforeAnswer(NotifySession session, in SeccompNotification notification, bool allowed, long ticks)
    {
        if (!allowed || _whenAllowed)
        {
            Capture(session, notification, ticks);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Capture(NotifySession session, in SeccompNotification notification, long ticks)
    {
        SyscallArch arch = ArchDecoder.Decode(notification.Arch, notification.Nr, out int tableNr);
        if (!PathTable.TryGetPathArgument(arch, tableNr, out int row, out int index))
        {
            return;
        }

        PathSet set = _container.Paths.For(arch, row);
        // Once per notify thread: PATH_MAX bytes, reused for every capture after.
        byte[] buffer = _buffer ??= new byte[PathTable.MaxPathBytes];
        ulong pointer = PathTable.Pointer(arch, notification.Arg(index));
        int pid = (int)notification.Pid;
        // pid 0: the target is not in our pid namespace; a NULL pointer is the caller's EFAULT, nothing to read.
        if (pid <= 0 || pointer == 0)
        {
            set.AddUnread();
            return;
        }

        bool read = TargetMemory.TryReadString(pid, pointer, buffer, out int length, out bool truncated, out Errno errno);
        _counters.Read(read, errno);
        if (!read || !session.IsIdValid(notification.Id))
        {
            set.AddUnread();
            return;
        }

        if (set.Add(buffer.AsSpan(0, length), truncated) is { } kept)
        {
            _container.AnnouncePath(pid, arch, notification.Arch, tableNr, kept, ticks);
        }
    }
}
