namespace SeccompRecorder.Recording;

/// <summary>
/// One run of a container: a runtime may reuse an id once its container has exited (ctr run, runc run), and two
/// containerd namespaces may run the same id at once. Runs of one (namespace, id) are numbered from 1 in the order the
/// daemon saw their init. The key of the registry, the database and the hand-over.
/// </summary>
internal readonly record struct RunKey(string RuntimeNamespace, string Id, int Run)
{
    /// <summary>For logs: the id alone for the first run outside any runtime namespace, as before runs existed.</summary>
    public override string ToString() =>
        (RuntimeNamespace.Length > 0 ? RuntimeNamespace + "/" : string.Empty) + Id + (Run > 1 ? "#" + Run.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty);
}
