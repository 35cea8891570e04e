using System.Runtime.InteropServices;

namespace SeccompRecorder.Cli.Output;

/// <summary>
/// SIGINT and SIGTERM as cancellation of a command that only ends that way (<c>watch</c>). System.CommandLine
/// 2.0.0 leaves InvocationConfiguration.ProcessTerminationTimeout null unless the program sets it, so without
/// this the runtime's default would kill the process (exit 143) mid-line. A second signal is not swallowed:
/// it terminates as usual, for a stream that will not stop.
/// </summary>
internal sealed class SignalCancellation : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly PosixSignalRegistration _sigint;
    private readonly PosixSignalRegistration _sigterm;

    public SignalCancellation(CancellationToken cancellationToken)
    {
        _cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Cancelled by the caller's token or by the first SIGINT/SIGTERM.</summary>
    public CancellationToken Token => _cts.Token;

    public void Dispose()
    {
        _sigint.Dispose();
        _sigterm.Dispose();
        _cts.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        try
        {
            if (_cts.IsCancellationRequested)
            {
                return;
            }

            context.Cancel = true;
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The signal raced the end of the command; the default handling applies.
            context.Cancel = false;
        }
    }
}
