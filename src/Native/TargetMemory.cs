namespace SeccompRecorder.Native;

/// <summary>
/// Reads a NUL-terminated string out of another process (a notification's target) with process_vm_readv: no fd, no
/// allocation. What it returns is only what the memory held at that instant: the target (or another of its threads)
/// may change it before or after, so it is informational and never decides anything.
/// </summary>
public static unsafe class TargetMemory
{
    private static readonly nuint s_pageSize = (nuint)Environment.SystemPageSize;

    /// <summary>
    /// Copies the string at <paramref name="address"/> in <paramref name="pid"/> into <paramref name="buffer"/>, up to
    /// its NUL or the buffer's end. Returns the string's length (without the NUL), or <c>buffer.Length</c> (then
    /// <paramref name="truncated"/>) when no NUL was met: the buffer was too short, or the string ran into memory that
    /// is not mapped. False with <paramref name="errno"/> when nothing could be read: EFAULT (a bad pointer, NULL),
    /// ESRCH (no such task), EPERM (no ptrace rights over it).
    /// </summary>
    public static bool TryReadString(int pid, ulong address, Span<byte> buffer, out int length, out bool truncated, out Errno errno)
    {
        length = 0;
        truncated = false;
        if (buffer.IsEmpty)
        {
            errno = Errno.EINVAL;
            return false;
        }

        // Split the remote range at page boundaries: a read that faults stops at the faulting iovec, so the pages
        // before an unmapped one are still copied (a string that ends near the end of a mapping).
        const int MaxSegments = 4;
        Interop.iovec* remote = stackalloc Interop.iovec[MaxSegments];
        nuint wanted = (nuint)buffer.Length;
        nuint at = (nuint)address;
        int segments = 0;
        while (wanted > 0 && segments < MaxSegments)
        {
            nuint toPageEnd = s_pageSize - (at & (s_pageSize - 1));
            nuint take = Math.Min(toPageEnd, wanted);
            remote[segments++] = new Interop.iovec { iov_base = (void*)at, iov_len = take };
            at += take;
            wanted -= take;
        }

        nint read;
        fixed (byte* local = buffer)
        {
            Interop.iovec localIov = new() { iov_base = local, iov_len = (nuint)buffer.Length - wanted };
            while (true)
            {
                read = Interop.process_vm_readv(pid, &localIov, 1, remote, (nuint)segments, 0);
                if (read >= 0)
                {
                    break;
                }

                errno = Interop.LastErrno();
                if (errno != Errno.EINTR)
                {
                    return false;
                }
            }
        }

        errno = Errno.SUCCESS;
        int nul = buffer[..(int)read].IndexOf((byte)0);
        if (nul >= 0)
        {
            length = nul;
            return true;
        }

        length = (int)read;
        truncated = true;
        return true;
    }
}
