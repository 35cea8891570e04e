namespace SeccompRecorder.Agent;

/// <summary>The OCI runtime state (runtime-spec runtime.md "State"). Status is "creating" for init, "running" for an exec.</summary>
internal sealed record OciState(
    string OciVersion,
    string Id,
    string Status,
    int Pid,
    string Bundle,
    IReadOnlyDictionary<string, string> Annotations)
{
    public bool IsExec => string.Equals(Status, "running", StringComparison.Ordinal);
}
