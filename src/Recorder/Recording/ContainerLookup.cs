namespace SeccompRecorder.Recording;

/// <summary>How a lookup by id (or prefix) and run ended.</summary>
internal enum LookupStatus
{
    Found,
    NotFound,

    /// <summary>The prefix names more than one container id: <see cref="ContainerLookup.Matches"/> lists some.</summary>
    Ambiguous,

    /// <summary>The id is known, but not with the run asked for.</summary>
    RunNotFound,
}

/// <summary>
/// The answer to "which recording is ID (run N)": podman, crictl and docker take a unique prefix of a 64-character id,
/// and so do we. Pure: the caller hands in the ids it knows.
/// </summary>
internal sealed record ContainerLookup(LookupStatus Status, string Id, ContainerSnapshot? Container, IReadOnlyList<string> Matches)
{
    /// <summary>The shortest prefix taken for an id, as podman's: shorter ones match too much to mean one container.</summary>
    public const int MinPrefixLength = 4;

    /// <summary>How many matches an ambiguous prefix reports.</summary>
    public const int MaxMatchesReported = 5;

    public static ContainerLookup NotFound(string query) => new(LookupStatus.NotFound, query, null, []);

    /// <summary>
    /// The id <paramref name="query"/> means among <paramref name="ids"/>: itself when known, else the one id it is a
    /// prefix of (at least <see cref="MinPrefixLength"/> characters). Null when none or several; then
    /// <paramref name="matches"/> holds the first few of several, sorted.
    /// </summary>
    public static string? ResolveId(IEnumerable<string> ids, string query, out IReadOnlyList<string> matches)
    {
        matches = [];
        SortedSet<string> found = new(StringComparer.Ordinal);
        foreach (string id in ids)
        {
            if (string.Equals(id, query, StringComparison.Ordinal))
            {
                return id;
            }

            if (query.Length >= MinPrefixLength && id.StartsWith(query, StringComparison.Ordinal))
            {
                found.Add(id);
            }
        }

        if (found.Count == 1)
        {
            return found.Min;
        }

        matches = [.. found.Take(MaxMatchesReported)];
        return null;
    }

    /// <summary>What an ambiguous or missing lookup says to a client, bounded: an id can be 1024 characters.</summary>
    public string Describe(int run)
    {
        string shown = Shorten(Id);
        return Status switch
        {
            LookupStatus.Ambiguous => $"\"{shown}\" matches more than one container: {string.Join(", ", Matches.Select(Shorten))}"
                + (Matches.Count == MaxMatchesReported ? ", ..." : string.Empty),
            LookupStatus.RunNotFound => $"container \"{shown}\" has no run {run}",
            _ => $"container \"{shown}\" not found",
        };
    }

    private static string Shorten(string id) => id.Length <= 80 ? id : id[..77] + "...";
}
