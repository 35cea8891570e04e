using System.Text;

namespace SeccompRecorder.Recording.Executables;

/// <summary>
/// One container's executables, each given an index for the hot path's counters: at most <see cref="Capacity"/>, then
/// <see cref="Other"/>, so a container that execs a new file per call cannot grow memory. Interned on the resolution
/// path only (never per call), lock-free: two threads interning the same new name at once may both claim an index;
/// snapshots add such twins up by name.
/// </summary>
internal sealed class ExecutableNames
{
    public const int Capacity = 64;

    /// <summary>Calls of executables past the first <see cref="Capacity"/>.</summary>
    public const int Other = Capacity;

    /// <summary>Calls whose thread could not be resolved (gone, or notif.pid 0: not visible in the daemon's pid namespace).</summary>
    public const int Unknown = Capacity + 1;

    /// <summary>Indexes in all: the named ones, then <see cref="Other"/> and <see cref="Unknown"/>.</summary>
    public const int Count = Capacity + 2;

    public const string OtherName = "(other)";
    public const string UnknownName = "(unknown)";

    private readonly byte[]?[] _bytes = new byte[]?[Capacity];
    private readonly string?[] _names = new string?[Capacity];
    private int _claimed;

    /// <summary>Off the common path: the index of <paramref name="utf8"/>, claiming one for a new name while any is left.</summary>
    public int Intern(ReadOnlySpan<byte> utf8)
    {
        int claimed = Math.Min(Volatile.Read(ref _claimed), Capacity);
        for (int i = 0; i < claimed; i++)
        {
            if (Volatile.Read(ref _bytes[i]) is { } bytes && utf8.SequenceEqual(bytes))
            {
                return i;
            }
        }

        if (Volatile.Read(ref _claimed) >= Capacity)
        {
            return Other;
        }

        int index = Interlocked.Increment(ref _claimed) - 1;
        if (index >= Capacity)
        {
            return Other;
        }

        _names[index] = Encoding.UTF8.GetString(utf8);
        // The release: a reader that sees the bytes sees the name.
        Volatile.Write(ref _bytes[index], utf8.ToArray());
        return index;
    }

    /// <summary>The same for a name an earlier daemon stored, including <see cref="OtherName"/> and <see cref="UnknownName"/>.</summary>
    public int Intern(string name) => name switch
    {
        OtherName => Other,
        UnknownName => Unknown,
        _ => Intern(Encoding.UTF8.GetBytes(name)),
    };

    /// <summary>The name of <paramref name="index"/>; null for an index claimed but not yet named.</summary>
    public string? Name(int index) => index switch
    {
        Other => OtherName,
        Unknown => UnknownName,
        _ => Volatile.Read(ref _bytes[index]) is null ? null : _names[index],
    };
}
