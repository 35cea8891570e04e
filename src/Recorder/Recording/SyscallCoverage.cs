using System.Text.Json.Serialization;

namespace SeccompRecorder.Recording;

/// <summary>
/// What the container's own seccomp profile (its bundle's config.json, read when its init attached) let the recording
/// see, per architecture. <see cref="Unknown"/> is set, and <see cref="Archs"/> empty, when that profile could not be
/// read: then only the notified syscalls that were made are known. Stored and handed over as this JSON.
/// </summary>
internal sealed record SyscallCoverage(
    [property: JsonPropertyName("unknown")] string? Unknown,
    [property: JsonPropertyName("archs")] IReadOnlyList<ArchCoverage> Archs)
{
    /// <summary>What a recording made before coverage was kept, or restored without it, says.</summary>
    public static SyscallCoverage NotRead { get; } = new("the bundle's config.json was not read", []);

    [JsonIgnore]
    public bool IsKnown => Unknown is null;

    public static SyscallCoverage Unreadable(string reason) => new(reason, []);

    /// <summary>Every name some architecture allowed without notifying us, sorted ordinal.</summary>
    public IReadOnlyList<string> AllowedSilently() =>
        [.. Archs.SelectMany(a => a.AllowedSilently).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    // By value: one read back from the store or a hand-over holds other list types than the one it was made from.
    public bool Equals(SyscallCoverage? other) =>
        other is not null && string.Equals(Unknown, other.Unknown, StringComparison.Ordinal) && Archs.SequenceEqual(other.Archs);

    public override int GetHashCode() => HashCode.Combine(Unknown, Archs.Count);
}

/// <summary>
/// One architecture of the profile in effect: the names of its syscall table the filter sends to us (seen or not),
/// lets through without telling us, and answers itself with an errno, a kill or a trap. A name whose rules have
/// argument conditions is in the set of each rule's action and of the default action.
/// </summary>
/// <param name="Arch">libseccomp's name: x86_64, x86, x32, aarch64, arm.</param>
internal sealed record ArchCoverage(
    [property: JsonPropertyName("arch")] string Arch,
    [property: JsonPropertyName("notified")] IReadOnlyList<string> Notified,
    [property: JsonPropertyName("allowedSilently")] IReadOnlyList<string> AllowedSilently,
    [property: JsonPropertyName("denied")] IReadOnlyList<string> Denied)
{
    public bool Equals(ArchCoverage? other) =>
        other is not null && string.Equals(Arch, other.Arch, StringComparison.Ordinal)
        && Notified.SequenceEqual(other.Notified, StringComparer.Ordinal)
        && AllowedSilently.SequenceEqual(other.AllowedSilently, StringComparer.Ordinal)
        && Denied.SequenceEqual(other.Denied, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Arch, Notified.Count, AllowedSilently.Count, Denied.Count);
}
