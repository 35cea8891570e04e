using System.Globalization;

namespace SeccompRecorder.Agent;

/// <summary>
/// Who may hand us fds: root and the uids of --allowed-uid, as SO_PEERCRED reports them. Checked before the first
/// byte is read, so the socket file's mode is not the only gate.
/// </summary>
internal sealed class AllowedPeers
{
    private readonly HashSet<uint> _uids;

    private AllowedPeers(HashSet<uint> uids) => _uids = uids;

    /// <summary>Root only.</summary>
    public static AllowedPeers RootOnly { get; } = new([]);

    public IReadOnlyCollection<uint> ExtraUids => _uids;

    public bool IsAllowed(uint uid) => uid == 0 || _uids.Contains(uid);

    /// <summary>Parses "1000,1001" (spaces allowed around entries); empty or null is root only.</summary>
    public static bool TryParse(string? text, out AllowedPeers peers, out string error)
    {
        peers = RootOnly;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        HashSet<uint> uids = [];
        foreach (string entry in text.Split(','))
        {
            // (uid_t)-1 is "no uid" to the kernel (chown's "leave unchanged"): never a real peer.
            if (!uint.TryParse(entry.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out uint uid) || uid == uint.MaxValue)
            {
                error = $"\"{entry.Trim()}\" is not a uid (0-4294967294)";
                return false;
            }

            uids.Add(uid);
        }

        peers = new AllowedPeers(uids);
        return true;
    }
}
