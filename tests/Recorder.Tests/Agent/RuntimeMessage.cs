namespace SeccompRecorder.Tests.Agent;

/// <summary>One runtime's message on the listener socket (<see cref="RuntimeMessages"/>).</summary>
internal sealed record RuntimeMessage(string Name, string Json, int CapturedBytes)
{
    public override string ToString() => Name;
}
