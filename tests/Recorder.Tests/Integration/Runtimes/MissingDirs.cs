namespace SeccompRecorder.Tests.Integration.Runtimes;

/// <summary>
/// Global directories a runtime creates whatever it is told (containerd's /run/containerd/s, runc's /run/runc when
/// Podman's cleanup calls it without --root): those missing when the tests start are removed at the end if empty.
/// </summary>
internal sealed class MissingDirs
{
    private readonly string[] _missing;

    /// <param name="dirs">Deepest first: they are removed in this order.</param>
    public MissingDirs(params string[] dirs) => _missing = [.. dirs.Where(d => !Directory.Exists(d))];

    public void RemoveIfEmpty()
    {
        foreach (string dir in _missing.Where(Directory.Exists))
        {
            try
            {
                Directory.Delete(dir);
            }
            catch (IOException)
            {
                // Not empty: a container still running (its test says so), or something else's since.
            }
        }
    }
}
