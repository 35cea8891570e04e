namespace SeccompRecorder.Agent;

/// <summary>Where runtimes connect (linux.seccomp.listenerPath): the one setting of the agent's socket besides <see cref="AgentLimits"/>.</summary>
internal sealed record RuntimeSocketSettings(string Path);
