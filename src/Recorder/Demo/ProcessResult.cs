namespace SeccompRecorder.Demo;

/// <summary>How one process ended (runc, crun, ctr, podman, a helper): its exit code and what it printed.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    public override string ToString() => $"exit {ExitCode}; stdout: {StandardOutput.Trim()}; stderr: {StandardError.Trim()}";
}
