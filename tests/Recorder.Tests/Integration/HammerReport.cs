using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SeccompRecorder.Tests.Integration;

/// <summary>What tests/helpers/hammer and sysloop say they did: their summary line, or hammer's progress file.</summary>
internal static class HammerReport
{
    internal const int SlotBytes = 64;

    /// <summary>The value of <paramref name="key"/>= in a `hammer ...` or `sysloop ...` summary line.</summary>
    public static ulong Value(string output, string key)
    {
        Match match = Regex.Match(output, $@"(?:^|\s){Regex.Escape(key)}=(\d+)(?:\s|$)", RegexOptions.Multiline);
        return match.Success
            ? ulong.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new FormatException($"no {key}= in the helper's output:\n{output}");
    }

    /// <summary>hammer --progress's slots, one per thread, read after the process is gone.</summary>
    public static IReadOnlyList<ThreadProgress> ReadProgress(string path, int threads)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length != threads * SlotBytes)
        {
            throw new FormatException($"{path} has {bytes.Length} bytes, not {threads} slots of {SlotBytes}");
        }

        List<ThreadProgress> slots = [];
        for (int i = 0; i < threads; i++)
        {
            ReadOnlySpan<byte> slot = bytes.AsSpan(i * SlotBytes, SlotBytes);
            slots.Add(new ThreadProgress(
                BinaryPrimitives.ReadUInt64LittleEndian(slot),
                BinaryPrimitives.ReadUInt64LittleEndian(slot[8..]),
                BinaryPrimitives.ReadUInt64LittleEndian(slot[16..]),
                BinaryPrimitives.ReadUInt64LittleEndian(slot[24..])));
        }

        return slots;
    }

    /// <summary>One hammer thread: calls started, completed without error, failed, failed with EINTR.</summary>
    internal readonly record struct ThreadProgress(ulong Started, ulong Ok, ulong Failed, ulong Eintr)
    {
        /// <summary>1 when the thread died inside a call (or between its return and the store that counts it).</summary>
        public ulong InFlight => Started - Ok - Failed;
    }
}
