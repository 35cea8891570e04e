namespace SeccompRecorder.Tests.Integration;

/// <summary>A process's open fds as /proc shows them: what the leak checks compare before and after.</summary>
internal static class DaemonFds
{
    /// <summary>readlink of a seccomp listener fd (anon_inode:seccomp notify).</summary>
    public const string SeccompNotify = "anon_inode:seccomp notify";

    /// <summary>readlink of a pidfd (the daemon holds one per running container's init).</summary>
    public const string PidFd = "anon_inode:[pidfd]";

    /// <summary>The link targets of the process's fds, less the runtime's assembly mappings.</summary>
    public static List<string> NonAssembly(int pid) =>
        [.. Directory.GetFileSystemEntries($"/proc/{pid}/fd")
            .Select(f => LinkTarget(f) ?? string.Empty)
            .Where(t => t.Length > 0 && !t.EndsWith(".dll", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    /// <summary>The fd's target, or null if the process closed it between the listing and the readlink.</summary>
    private static string? LinkTarget(string fdPath)
    {
        try
        {
            return new FileInfo(fdPath).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
