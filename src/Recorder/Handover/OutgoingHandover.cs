using SeccompRecorder.Native;

namespace SeccompRecorder.Handover;

/// <summary>
/// What a daemon hands over: the fds in the order they are sent (the state memfd first), owned by their usual owners
/// except the memfd, which this owns. Sending duplicates them; the successor's copies are its own.
/// </summary>
internal sealed class OutgoingHandover : IDisposable
{
    private readonly SafeFdHandle _state;

    public OutgoingHandover(SafeFdHandle state, IReadOnlyList<NamedFd> others, int notifyFds)
    {
        _state = state;
        List<NamedFd> fds = [new NamedFd(HandoverNames.State, state), .. others];
        Fds = fds;
        NotifyFds = notifyFds;
    }

    public IReadOnlyList<NamedFd> Fds { get; }

    public int NotifyFds { get; }

    public void Dispose() => _state.Dispose();
}
