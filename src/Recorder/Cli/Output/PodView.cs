namespace SeccompRecorder.Cli.Output;

/// <summary>The Kubernetes pod a container belongs to, when its annotations name one.</summary>
internal sealed record PodView(string Namespace, string Name, string Container, string Uid);
