namespace SeccompRecorder.Demo;

/// <summary>How one runc invocation ended.</summary>
internal sealed record RuncResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    public override string ToString() => $"exit {ExitCode}; stdout: {StandardOutput.Trim()}; stderr: {StandardError.Trim()}";
}
