namespace SeccompRecorder.Native;

/// <summary>How many more fds this process may open: RLIMIT_NOFILE's soft limit minus the entries of /proc/self/fd.</summary>
public static class FileDescriptorBudget
{
    /// <summary>The soft limit on open fds (what open/accept/recvmsg are held to).</summary>
    public static unsafe long Limit
    {
        get
        {
            Interop.rlimit limit;
            if (Interop.getrlimit(Interop.RLIMIT_NOFILE, &limit) < 0)
            {
                throw new ErrnoException(Interop.LastErrno(), "getrlimit(RLIMIT_NOFILE)");
            }

            return limit.rlim_cur > long.MaxValue ? long.MaxValue : (long)limit.rlim_cur;
        }
    }

    /// <summary>Fds open now. Reads a directory of one entry per fd: off hot paths, once per runtime connection.</summary>
    public static long Open()
    {
        long count = 0;
        foreach (string _ in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            count++;
        }

        return count - 1; // the directory fd the enumeration itself holds
    }

    public static long Available() => Limit - Open();
}
