using System.Collections.Frozen;
using System.Collections.ObjectModel;

namespace SeccompRecorder.Syscalls;

/// <summary>
/// Syscall names per ABI, keyed by the number the kernel reports for that ABI: the same number names
/// different calls on different ABIs (nr 20 is writev on x86_64, getpid on i386), so the arch from
/// <see cref="ArchDecoder.Decode"/> always comes with the number. The data lives in
/// <c>Syscalls/Tables/&lt;arch&gt;.tsv</c>, generated from libseccomp by <c>tools/gen-syscall-tables.py</c>
/// as sorted <c>nr, name</c> lines and embedded in the assembly (<see cref="SyscallTableFile"/>).
/// </summary>
internal static class SyscallTable
{
    // __ARM_NR_BASE (arch/arm/include/uapi/asm/unistd.h): ARM's private calls (cacheflush and friends)
    // sit this far up, so they stay out of ARM's dense array and are searched instead.
    private const int ArmPrivateBase = 0x0f0000;

    // The arrays Name indexes, built once when the class is first used (the field initialisers run
    // before any read; no explicit static constructor, so the class stays beforefieldinit and the
    // JIT reads these as constants on the notification path). Reading the five embedded tables
    // takes well under a millisecond, once.
    private static readonly (int Nr, string Name)[] s_armEntries = SyscallTableFile.Load("arm");
    private static readonly string?[] s_x86_64 = Densify(SyscallTableFile.Load("x86_64"), int.MaxValue);
    private static readonly string?[] s_x86 = Densify(SyscallTableFile.Load("x86"), int.MaxValue);
    private static readonly string?[] s_x32 = Densify(SyscallTableFile.Load("x32"), int.MaxValue);
    private static readonly string?[] s_aarch64 = Densify(SyscallTableFile.Load("aarch64"), int.MaxValue);
    private static readonly string?[] s_arm = Densify(s_armEntries, ArmPrivateBase);
    private static readonly (int Nr, string Name)[] s_armPrivate = [.. s_armEntries.Where(e => e.Nr >= ArmPrivateBase)];

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

    /// <summary>
    /// The dense array for the pairs numbered below <paramref name="limit"/>: slot nr holds nr's name,
    /// null where no call has that number; one past the highest number long.
    /// </summary>
    /// <exception cref="InvalidOperationException">The pairs are not sorted by strictly increasing,
    /// non-negative number (a generator bug: the class would fail to initialise).</exception>
    private static string?[] Densify((int Nr, string Name)[] entries, int limit)
    {
        int length = 0;
        int previous = -1;
        foreach ((int nr, _) in entries)
        {
            if (nr <= previous)
            {
                throw new InvalidOperationException($"Syscall table not sorted by unique number at {nr}.");
            }

            previous = nr;
            if (nr < limit)
            {
                length = nr + 1;
            }
        }

        string?[] dense = new string?[length];
        foreach ((int nr, string name) in entries)
        {
            if (nr < limit)
            {
                dense[nr] = name;
            }
        }

        return dense;
    }

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
    /// only reads the dense arrays, never pays for them.
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
