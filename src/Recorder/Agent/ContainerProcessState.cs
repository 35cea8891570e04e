namespace SeccompRecorder.Agent;

/// <summary>
/// What an OCI runtime sends on the seccomp listener socket (runtime-spec config-linux.md, "containerProcessState"):
/// the fds it passes, the process that installed the filter, listenerMetadata, and the container's state.
/// </summary>
internal sealed record ContainerProcessState(
    string OciVersion,
    IReadOnlyList<string> Fds,
    int Pid,
    string Metadata,
    OciState State)
{
    public const string SeccompFdName = "seccompFd";
}
