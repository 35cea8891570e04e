using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Xunit;

namespace SeccompRecorder.Tests.Native;

/// <summary>Compares our interop declarations with the ABI probe's output, reporting every mismatch at once.</summary>
internal static class AbiAssert
{
    /// <summary>
    /// sizeof and every field's offset of <typeparamref name="T"/> against C's <paramref name="cName"/>. Our field names
    /// are the C names, so each of ours must exist in C; unless <paramref name="partial"/>, each of C's must exist in ours.
    /// </summary>
    public static void Layout<T>(IReadOnlyDictionary<string, long> probe, string cName, bool partial = false)
        where T : struct
    {
        List<string> mismatches = [];
        long cSize = AbiProbe.Get(probe, cName);
        if (Unsafe.SizeOf<T>() != cSize)
        {
            mismatches.Add($"sizeof({cName}): C {cSize}, ours {Unsafe.SizeOf<T>()}");
        }

        FieldInfo[] ours = typeof(T).GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        foreach (FieldInfo field in ours)
        {
            string key = $"{cName}.{field.Name}";
            if (!probe.TryGetValue(key, out long cOffset))
            {
                mismatches.Add($"{key}: no such field in C");
                continue;
            }

            long offset = Marshal.OffsetOf<T>(field.Name).ToInt64();
            if (offset != cOffset)
            {
                mismatches.Add($"offsetof({key}): C {cOffset}, ours {offset}");
            }
        }

        if (!partial)
        {
            foreach (string key in probe.Keys.Where(k => k.StartsWith(cName + ".", StringComparison.Ordinal)))
            {
                string name = key[(cName.Length + 1)..];
                if (!ours.Any(f => f.Name == name))
                {
                    mismatches.Add($"{key}: missing from {typeof(T).Name}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    /// <summary>Each (name, ours) against the header's value of the same name.</summary>
    public static void Constants(IReadOnlyDictionary<string, long> probe, params (string Name, long Ours)[] constants)
    {
        List<string> mismatches = [];
        foreach ((string name, long ours) in constants)
        {
            long c = AbiProbe.Get(probe, name);
            if (c != ours)
            {
                mismatches.Add($"{name}: C {c} (0x{c:x}), ours {ours} (0x{ours:x})");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }
}
