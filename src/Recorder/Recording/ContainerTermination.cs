namespace SeccompRecorder.Recording;

/// <summary>Why and when the daemon ended a container, in CRI-O's words (reason "seccomp killed").</summary>
internal sealed record ContainerTermination(string Reason, string Message, DateTimeOffset At);
