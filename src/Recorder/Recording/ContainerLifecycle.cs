namespace SeccompRecorder.Recording;

internal enum ContainerLifecycle
{
    /// <summary>At least one notify fd of the container is still open.</summary>
    Running = 1,

    /// <summary>Every task of every filter the container handed over has exited.</summary>
    Exited = 2,
}
