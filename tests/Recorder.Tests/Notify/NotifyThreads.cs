namespace SeccompRecorder.Tests.Notify;

/// <summary>This process's notify worker threads, by the name they are given ("seccomp-notify"), from /proc.</summary>
internal static class NotifyThreads
{
    public static int Count()
    {
        int count = 0;
        foreach (string task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') == "seccomp-notify")
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // That thread ended between the listing and the read.
            }
        }

        return count;
    }
}
