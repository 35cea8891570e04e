namespace SeccompRecorder.Recording.Paths;

/// <summary>One kept path and how many calls passed it; <see cref="Text"/> is how people and the API read it.</summary>
internal sealed record PathCount(byte[] Bytes, bool Truncated, long Count)
{
    public string Text => PathText.Format(Bytes);

    public bool Equals(PathCount? other) =>
        other is not null && Truncated == other.Truncated && Count == other.Count && Bytes.AsSpan().SequenceEqual(other.Bytes);

    public override int GetHashCode() => HashCode.Combine(Truncated, Count, Bytes.Length);
}
