using System.Runtime.CompilerServices;

namespace SeccompRecorder.Native;

/// <summary>
/// A memfd of fixed slots, mapped shared, in which each notify thread keeps the notification it has received and not
/// yet answered. The memfd outlives the daemon in systemd's fd store: a daemon killed between RECV and SEND leaves
/// that notification received-but-unanswered, which the kernel never hands out again, so its task would wait forever;
/// the next daemon finds it here and answers it. A slot: 8 bytes of state (1: in flight), then the seccomp_notif.
/// The mapping is never unmapped: notify threads write to it until the process ends.
/// </summary>
public sealed unsafe class InFlightSlots
{
    public const int SlotSize = 128;
    private const long InFlight = 1;

    private readonly byte* _base;

    private InFlightSlots(SafeFdHandle handle, byte* mapped, int capacity)
    {
        Handle = handle;
        _base = mapped;
        Capacity = capacity;
    }

    public SafeFdHandle Handle { get; }

    public int Capacity { get; }

    /// <summary>A new zeroed set of <paramref name="capacity"/> slots.</summary>
    public static InFlightSlots Create(string name, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        int fd = Interop.memfd_create(name, Interop.MFD_CLOEXEC);
        if (fd < 0)
        {
            throw new ErrnoException(Interop.LastErrno(), "memfd_create");
        }

        SafeFdHandle handle = new(fd);
        if (Interop.ftruncate(fd, (long)capacity * SlotSize) < 0)
        {
            Errno errno = Interop.LastErrno();
            handle.Dispose();
            throw new ErrnoException(errno, "ftruncate(in-flight slots)");
        }

        return Map(handle, capacity);
    }

    /// <summary>Maps the slots a previous daemon left (its memfd, from the fd store); takes ownership of it.</summary>
    public static InFlightSlots Open(SafeFdHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        long length;
        using (Microsoft.Win32.SafeHandles.SafeFileHandle file = new(handle.DangerousGetHandle(), ownsHandle: false))
        {
            length = RandomAccess.GetLength(file);
        }

        if (length <= 0 || length % SlotSize != 0 || length / SlotSize > int.MaxValue)
        {
            handle.Dispose();
            throw new InvalidDataException($"an in-flight slot file of {length} bytes is not whole {SlotSize}-byte slots");
        }

        return Map(handle, (int)(length / SlotSize));
    }

    /// <summary>The address of slot <paramref name="index"/>, for <see cref="NotifySession.TrackInFlight"/>.</summary>
    public nint Slot(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Capacity);
        return (nint)(_base + ((long)index * SlotSize));
    }

    /// <summary>The notification slot <paramref name="index"/> holds as received and unanswered, if any.</summary>
    public bool TryReadInFlight(int index, out SeccompNotification notification)
    {
        byte* slot = (byte*)Slot(index);
        if (Volatile.Read(ref *(long*)slot) != InFlight)
        {
            notification = default;
            return false;
        }

        notification = new SeccompNotification(Unsafe.ReadUnaligned<Interop.seccomp_notif>(slot + sizeof(long)));
        return true;
    }

    /// <summary>
    /// The id of the last notification slot <paramref name="index"/> saw answered (its bytes stay after SEND); false
    /// when it has not answered one. A thread killed inside RECV leaves no trace but this: the notification it took
    /// has a later id.
    /// </summary>
    public bool TryReadLastAnswered(int index, out ulong id)
    {
        byte* slot = (byte*)Slot(index);
        id = Volatile.Read(ref *(long*)slot) == InFlight ? 0 : Unsafe.ReadUnaligned<ulong>(slot + sizeof(long));
        return id != 0;
    }

    public void Clear(int index) => new Span<byte>((byte*)Slot(index), SlotSize).Clear();

    /// <summary>Hot path, after RECV: the notification in <paramref name="received"/> is now in flight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void MarkReceived(byte* slot, byte* received)
    {
        Buffer.MemoryCopy(received, slot + sizeof(long), SlotSize - sizeof(long), sizeof(Interop.seccomp_notif));
        Volatile.Write(ref *(long*)slot, InFlight);
    }

    /// <summary>Hot path, after SEND (answered, or its target gone): nothing in flight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void MarkAnswered(byte* slot) => Volatile.Write(ref *(long*)slot, 0);

    private static InFlightSlots Map(SafeFdHandle handle, int capacity)
    {
        void* mapped = Interop.mmap(null, (nuint)((long)capacity * SlotSize), Interop.PROT_READ | Interop.PROT_WRITE, Interop.MAP_SHARED, handle.DangerousGetHandle().ToInt32(), 0);
        if ((nint)mapped == Interop.MAP_FAILED)
        {
            Errno errno = Interop.LastErrno();
            handle.Dispose();
            throw new ErrnoException(errno, "mmap(in-flight slots)");
        }

        return new InFlightSlots(handle, (byte*)mapped, capacity);
    }
}
