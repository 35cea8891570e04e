using System.Runtime.CompilerServices;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Recording.Paths;

/// <summary>
/// The path-taking syscalls and which of their arguments is the path read for a violation (issue 14 item 3, README
/// "Paths of violations"). One argument per call: for calls with two paths, the one the call creates, changes or
/// mounts on (rename's old path, link's and symlink's new name, mount's target, pivot_root's new root). Names are
/// looked up in each arch's own table, so one row covers every arch that has the call under that name.
/// </summary>
internal static class PathTable
{
    /// <summary>PATH_MAX, with its NUL: the most read of one path. A longer one is kept cut there, marked truncated.</summary>
    public const int MaxPathBytes = 4096;

    /// <summary>Distinct paths kept per (container, arch, syscall); further ones only count as "other".</summary>
    public const int MaxPaths = 16;

    private static readonly (string Syscall, byte Index)[] s_rows =
    [
        ("open", 0), ("openat", 1), ("openat2", 1), ("creat", 0),
        ("execve", 0), ("execveat", 1), ("uselib", 0),
        ("mount", 1), ("umount", 0), ("umount2", 0), ("chroot", 0), ("pivot_root", 0), ("chdir", 0),
        ("open_tree", 1), ("fspick", 1), ("mount_setattr", 1), ("move_mount", 3),
        ("swapon", 0), ("swapoff", 0), ("acct", 0), ("quotactl", 1),
        ("mkdir", 0), ("mkdirat", 1), ("mknod", 0), ("mknodat", 1), ("rmdir", 0), ("unlink", 0), ("unlinkat", 1),
        ("rename", 0), ("renameat", 1), ("renameat2", 1),
        ("link", 1), ("linkat", 3), ("symlink", 1), ("symlinkat", 2),
        ("chmod", 0), ("fchmodat", 1), ("fchmodat2", 1),
        ("chown", 0), ("lchown", 0), ("chown32", 0), ("lchown32", 0), ("fchownat", 1),
        ("truncate", 0), ("truncate64", 0), ("utime", 0), ("utimes", 0), ("futimesat", 1), ("utimensat", 1),
        ("stat", 0), ("lstat", 0), ("oldstat", 0), ("oldlstat", 0), ("stat64", 0), ("lstat64", 0),
        ("newfstatat", 1), ("fstatat64", 1), ("statx", 1), ("statfs", 0), ("statfs64", 0),
        ("access", 0), ("faccessat", 1), ("faccessat2", 1), ("readlink", 0), ("readlinkat", 1),
        ("setxattr", 0), ("lsetxattr", 0), ("getxattr", 0), ("lgetxattr", 0), ("listxattr", 0), ("llistxattr", 0),
        ("removexattr", 0), ("lremovexattr", 0),
        ("setxattrat", 1), ("getxattrat", 1), ("listxattrat", 1), ("removexattrat", 1),
        ("name_to_handle_at", 1), ("inotify_add_watch", 1), ("fanotify_mark", 4),
    ];

    // Per known arch, per table nr: the row + 1, 0 for a call without a path. Read on the capture path only.
    private static readonly byte[][] s_rowByNr = [.. Enumerable.Range(0, KnownArchCount).Select(a => RowsByNr((SyscallArch)a))];

    public const int KnownArchCount = (int)SyscallArch.Unknown;

    /// <summary>The table's rows, in order: a row's position is its index in per-container arrays.</summary>
    public static int RowCount => s_rows.Length;

    /// <summary>Every (syscall, argument index) row, for documentation and tests.</summary>
    public static IEnumerable<(string Syscall, int Index)> Rows => s_rows.Select(r => (r.Syscall, (int)r.Index));

    /// <summary>
    /// The row of (arch, table nr) and which argument is its path; false for a call that takes none. One array read; no
    /// allocation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryGetPathArgument(SyscallArch arch, long tableNr, out int row, out int index)
    {
        if ((uint)arch < KnownArchCount)
        {
            byte[] rows = s_rowByNr[(int)arch];
            if ((ulong)tableNr < (ulong)rows.Length && rows[tableNr] is var found and not 0)
            {
                row = found - 1;
                index = s_rows[row].Index;
                return true;
            }
        }

        row = -1;
        index = -1;
        return false;
    }

    /// <summary>
    /// The pointer as the kernel reads it: 32-bit ABIs (x86, arm) pass 32-bit pointers, and the high half of the
    /// register is not the caller's choice. x32 passes them in 64-bit registers to the 64-bit entry points.
    /// </summary>
    public static ulong Pointer(SyscallArch arch, ulong register) =>
        arch is SyscallArch.X86 or SyscallArch.Arm ? register & 0xFFFF_FFFF : register;

    private static byte[] RowsByNr(SyscallArch arch)
    {
        byte[] rows = new byte[SyscallTable.DenseLength(arch)];
        for (int row = 0; row < s_rows.Length; row++)
        {
            if (SyscallTable.TryGetNumber(arch, s_rows[row].Syscall, out int nr) && nr < rows.Length)
            {
                rows[nr] = checked((byte)(row + 1));
            }
        }

        return rows;
    }
}
