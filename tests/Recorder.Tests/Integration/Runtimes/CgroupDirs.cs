namespace SeccompRecorder.Tests.Integration.Runtimes;

/// <summary>The cgroup directories runtimes leave behind.</summary>
internal static class CgroupDirs
{
    private const string Root = "/sys/fs/cgroup";

    /// <summary>
    /// rmdir /sys/fs/cgroup/*/<paramref name="name"/> and everything below it, deepest first, in every hierarchy:
    /// containerd's namespace and Podman's --cgroup-parent outlive the containers in them, and with the cgroupfs manager
    /// on cgroup v1 Podman also leaves its conmon and libpod-ID cgroups (empty) under that parent.
    /// </summary>
    public static void RemoveEmpty(string name)
    {
        if (!Directory.Exists(Root))
        {
            return;
        }

        foreach (string top in Directory.EnumerateDirectories(Root).Prepend(Root).Select(h => Path.Combine(h, name)).Where(Directory.Exists))
        {
            RemoveTree(top);
        }
    }

    private static void RemoveTree(string cgroup)
    {
        foreach (string child in Directory.EnumerateDirectories(cgroup))
        {
            RemoveTree(child);
        }

        try
        {
            Directory.Delete(cgroup); // rmdir: the kernel removes a cgroup's files with it, refuses while it has tasks
        }
        catch (IOException)
        {
            // A task still in it: something of a test still running, which that test reports itself.
        }
    }
}
