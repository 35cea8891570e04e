namespace SeccompRecorder.Recording;

/// <summary>
/// What the runtime told us about a container when it first handed over a notify fd. <see cref="RuntimeNamespace"/> is
/// containerd's namespace (from the bundle path; empty for other runtimes); <see cref="Run"/> is given by the registry
/// when the run is made (0 in a hand-over from a daemon that had no runs: its one recording per id is run 1).
/// <see cref="Coverage"/>: what the init's profile let us see (null: not read, as before coverage was kept).
/// </summary>
internal sealed record ContainerIdentity(
    string Id,
    int InitPid,
    string Bundle,
    string OciVersion,
    IReadOnlyDictionary<string, string> Annotations,
    string Metadata,
    KubernetesIdentity? Kubernetes,
    string RuntimeNamespace = "",
    int Run = 1,
    SyscallCoverage? Coverage = null)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public RunKey Key => new(RuntimeNamespace ?? string.Empty, Id, Math.Max(Run, 1));
}
