using SeccompRecorder.Demo;

namespace SeccompRecorder.Tests.Integration.Runtimes;

/// <summary>A foreground run: how the runtime's command ended, and the id the daemon knows the container by.</summary>
internal sealed record RuntimeRun(string Id, ProcessResult Result);
