using System.Collections.Frozen;
using System.Collections.ObjectModel;

namespace SeccompRecorder.Syscalls;

/// <summary>
/// Syscall names per ABI, keyed by the number the kernel reports for that ABI: the same number names
/// different calls on different ABIs (nr 20 is writev on x86_64, getpid on i386), so the arch from
/// <see cref="ArchDecoder.Decode"/> always comes with the number. The data lives in
/// <c>SyscallTable.&lt;Arch&gt;.g.cs</c>, generated from libseccomp by <c>tools/gen-syscall-tables.py</c>.
/// </summary>
internal static partial class SyscallTable
{
    /// <summary>
    /// The name of syscall <paramref name="nr"/> (x32 without <see cref="ArchDecoder.X32_SYSCALL_BIT"/>),
    /// or null when libseccomp knows no such call. Never throws; does not allocate.
    /// </summary>
    public static string? Name(SyscallArch arch, long nr)
    {
        string?[] dense = Dense(arch);
        // The unsigned compare also rejects negative numbers.
        if ((ulong)nr < (ulong)dense.Length)
        {
            return dense[nr];
        }

        return arch == SyscallArch.Arm ? ArmPrivateName(nr) : null;
    }

    /// <summary>
    /// One more than the highest known number below ARM's private range (0 for an unknown arch):
    /// a per-arch array this long has a slot for every call <see cref="Name"/> knows, except ARM's
    /// private calls (0x0f0001 cacheflush and friends).
    /// </summary>
    public static int DenseLength(SyscallArch arch) => Dense(arch).Length;

    /// <summary>
    /// The number of syscall <paramref name="name"/> on <paramref name="arch"/> as the kernel reports it
    /// (x32 without the x32 bit). Unlike libseccomp's name lookup this never yields its negative
    /// pseudo-syscalls: x86 "socket" is 359, not socketcall's -101.
    /// </summary>
    public static bool TryGetNumber(SyscallArch arch, string name, out int nr) =>
        ReverseIndex.Numbers[Slot(arch)].TryGetValue(name, out nr);

    /// <summary>Every syscall name known for <paramref name="arch"/>, sorted ordinal.</summary>
    public static IReadOnlyList<string> Names(SyscallArch arch) => ReverseIndex.SortedNames[Slot(arch)];

    private static string?[] Dense(SyscallArch arch) => arch switch
    {
        SyscallArch.X86_64 => s_x86_64,
        SyscallArch.X86 => s_x86,
        SyscallArch.X32 => s_x32,
        SyscallArch.Aarch64 => s_aarch64,
        SyscallArch.Arm => s_arm,
        _ => [],
    };

    private static string? ArmPrivateName(long nr)
    {
        (int Nr, string Name)[] entries = s_armPrivate;
        int lo = 0;
        int hi = entries.Length - 1;
        while (lo <= hi)
        {
            int mid = lo + ((hi - lo) / 2);
            long midNr = entries[mid].Nr;
            if (midNr == nr)
            {
                return entries[mid].Name;
            }

            if (midNr < nr)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return null;
    }

    // Undefined enum values share Unknown's empty slot rather than indexing past the arrays.
    private static int Slot(SyscallArch arch) => arch <= SyscallArch.Unknown ? (int)arch : (int)SyscallArch.Unknown;

    /// <summary>
    /// Name-to-number lookups for profile work, built on first use so the notification path, which
    /// only reads the dense arrays, never pays for them. A nested class because static initialisers
    /// in different parts of a partial class run in no defined order.
    /// </summary>
    private static class ReverseIndex
    {
        public static readonly FrozenDictionary<string, int>[] Numbers;
        public static readonly ReadOnlyCollection<string>[] SortedNames;

        static ReverseIndex()
        {
            int slots = (int)SyscallArch.Unknown + 1;
            Numbers = new FrozenDictionary<string, int>[slots];
            SortedNames = new ReadOnlyCollection<string>[slots];
            for (int slot = 0; slot < slots; slot++)
            {
                var arch = (SyscallArch)slot;
                var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
                string?[] dense = Dense(arch);
                for (int nr = 0; nr < dense.Length; nr++)
                {
                    if (dense[nr] is string name)
                    {
                        numbers.Add(name, nr);
                    }
                }

                if (arch == SyscallArch.Arm)
                {
                    foreach ((int nr, string name) in s_armPrivate)
                    {
                        numbers.Add(name, nr);
                    }
                }

                string[] sorted = [.. numbers.Keys];
                Array.Sort(sorted, StringComparer.Ordinal);
                Numbers[slot] = numbers.ToFrozenDictionary(StringComparer.Ordinal);
                SortedNames[slot] = Array.AsReadOnly(sorted);
            }
        }
    }
}
