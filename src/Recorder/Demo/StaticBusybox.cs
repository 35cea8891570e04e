using System.Buffers.Binary;

namespace SeccompRecorder.Demo;

/// <summary>
/// Finds a statically linked busybox: a bundle's rootfs has no libc, so a dynamic one would fail with ENOENT at exec.
/// Debian's busybox-static installs /bin/busybox; the dynamic busybox package installs the same path.
/// </summary>
internal static class StaticBusybox
{
    private static readonly string[] s_candidates = ["/bin/busybox-static", "/usr/bin/busybox-static", "/bin/busybox", "/usr/bin/busybox"];

    public static string? Find() => s_candidates.FirstOrDefault(path => File.Exists(path) && IsStaticElf(File.ReadAllBytes(path)));

    /// <summary>True for a 64- or 32-bit little-endian ELF executable with no PT_INTERP program header.</summary>
    public static bool IsStaticElf(ReadOnlySpan<byte> file)
    {
        const uint PT_INTERP = 3;
        if (file.Length < 52 || !file[..4].SequenceEqual("\u007fELF"u8) || file[5] != 1)
        {
            return false;
        }

        bool is64 = file[4] == 2;
        long programHeaders = is64 ? (long)BinaryPrimitives.ReadUInt64LittleEndian(file[32..]) : BinaryPrimitives.ReadUInt32LittleEndian(file[28..]);
        int entrySize = BinaryPrimitives.ReadUInt16LittleEndian(file[(is64 ? 54 : 42)..]);
        int count = BinaryPrimitives.ReadUInt16LittleEndian(file[(is64 ? 56 : 44)..]);
        for (int i = 0; i < count; i++)
        {
            long offset = programHeaders + ((long)i * entrySize);
            if (offset < 0 || offset + 4 > file.Length)
            {
                return false;
            }

            if (BinaryPrimitives.ReadUInt32LittleEndian(file[(int)offset..]) == PT_INTERP)
            {
                return false;
            }
        }

        return true;
    }
}
