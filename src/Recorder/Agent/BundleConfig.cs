using System.Runtime.InteropServices;
using SeccompRecorder.Native;
using SeccompRecorder.Recording;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Agent;

/// <summary>
/// Reads <c>BUNDLE/config.json</c> of a container whose init just attached, to learn the profile in effect
/// (<see cref="BundleSeccomp"/>). The bundle path is the peer's word: only a file named config.json directly in it is
/// read, through the runtime's own view of the file system (<c>/proc/PEER/root</c>, <c>/proc/PEER/cwd</c> for a
/// relative path such as crun exec's "."), which also reaches host paths a sandboxed daemon does not see (systemd's
/// PrivateTmp, ProtectHome; a DaemonSet's mount namespace) when the daemon may look there (ptrace read access: the
/// same capabilities as the runtime, or CAP_SYS_PTRACE); else the daemon's own view. No symlink is followed on the way; the file must be a
/// regular file of at most <see cref="MaxBytes"/>, owned by root or by the peer's uid.
/// </summary>
/// <remarks>
/// Runs on the agent's connection handler, once per container init, never on the notification path. The peer is the
/// runtime process still connected to us (runc's parent, crun), read while it waits for our answer.
/// </remarks>
internal static class BundleConfig
{
    public const int MaxBytes = 4 << 20;

    public static SyscallCoverage Read(PeerCredentials peer, string bundle)
    {
        try
        {
            return TryRead(peer, bundle, out byte[]? content, out string problem)
                ? BundleSeccomp.Parse(content, NativeArch)
                : SyscallCoverage.Unreadable(problem);
        }
        catch (ErrnoException e)
        {
            return SyscallCoverage.Unreadable($"the bundle's config.json could not be read ({e.Errno})");
        }
    }

    private static SyscallArch NativeArch => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? SyscallArch.Aarch64 : SyscallArch.X86_64;

    private static bool TryRead(PeerCredentials peer, string bundle, out byte[]? content, out string problem)
    {
        content = null;
        if (bundle.Length == 0 || bundle.Contains('\0', StringComparison.Ordinal))
        {
            problem = "the runtime named no bundle";
            return false;
        }

        if (peer.Pid <= 0)
        {
            problem = "the runtime's pid is not visible to the daemon (another pid namespace)";
            return false;
        }

        bool absolute = bundle[0] == '/';
        string view = $"/proc/{peer.Pid}/{(absolute ? "root" : "cwd")}";
        if (!ConfinedFile.TryOpenDirectory(view, out SafeFdHandle directory, out Errno errno))
        {
            directory.Dispose();
            // /proc/PID/root of a runtime with more capabilities than ours needs CAP_SYS_PTRACE, which the systemd unit
            // grants but a daemon run without it lacks: an absolute path is then looked up in the daemon's own view,
            // where the unit's PrivateTmp and ProtectHome hide /tmp and /home (deploy/systemd/README.md).
            if (!absolute || errno is not (Errno.EACCES or Errno.EPERM) || !ConfinedFile.TryOpenDirectory("/", out directory, out _))
            {
                directory.Dispose();
                problem = $"the runtime's view of the file system ({view}) could not be opened ({errno})";
                return false;
            }
        }

        using (directory)
        {
            string path = (absolute ? bundle.TrimStart('/') : bundle).TrimEnd('/');
            path = path.Length == 0 ? "config.json" : path + "/config.json";
            if (!ConfinedFile.TryOpenBelow(directory, path, inRoot: absolute, out SafeFdHandle file, out errno))
            {
                file.Dispose();
                problem = errno switch
                {
                    Errno.ELOOP => "the bundle's config.json was not read: there is a symlink on its path",
                    Errno.EXDEV => "the bundle's config.json was not read: its path leaves the runtime's directory",
                    Errno.ENOENT or Errno.ENOTDIR => "the bundle has no config.json the daemon can see",
                    _ => $"the bundle's config.json could not be opened ({errno})",
                };
                return false;
            }

            using (file)
            {
                (bool isRegular, uint uid, long size) = ConfinedFile.Status(file);
                problem = !isRegular ? "the bundle's config.json is not a regular file"
                    : uid != 0 && uid != peer.Uid ? $"the bundle's config.json is owned by uid {uid}, neither root nor the runtime's uid {peer.Uid}"
                    : size > MaxBytes ? $"the bundle's config.json is larger than {MaxBytes} bytes"
                    : string.Empty;
                if (problem.Length > 0)
                {
                    return false;
                }

                content = ConfinedFile.ReadAtMost(file, size, MaxBytes);
                problem = content is null ? $"the bundle's config.json is larger than {MaxBytes} bytes" : string.Empty;
                return content is not null;
            }
        }
    }
}
