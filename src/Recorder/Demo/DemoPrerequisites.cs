namespace SeccompRecorder.Demo;

/// <summary>What the demo needs from the machine, and what to install when something is missing. It installs nothing.</summary>
internal sealed record DemoPrerequisites(string? Runc, string? Busybox, bool IsRoot)
{
    public static DemoPrerequisites Probe() => new(RuncCli.Find(), StaticBusybox.Find(), Environment.IsPrivilegedProcess);

    /// <summary>One line per missing thing, with the command that provides it; empty when all is there.</summary>
    public IReadOnlyList<string> Missing()
    {
        List<string> missing = [];
        if (!IsRoot)
        {
            missing.Add("root: seccomp user notification and runc need it (sudo seccomp-recorder demo)");
        }

        if (Runc is null)
        {
            missing.Add("runc: apt-get install runc");
        }

        if (Busybox is null)
        {
            missing.Add("a static busybox for the container's rootfs: apt-get install busybox-static");
        }

        return missing;
    }
}
