using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeccompRecorder.Hosting;

namespace SeccompRecorder.Agent;

/// <summary>
/// The OCI seccomp agent socket (linux.seccomp.listenerPath): one stream connection per filter-installing process,
/// init and every exec. Accepts, and hands each connection to <see cref="AgentConnectionHandler"/>.
/// </summary>
internal sealed class AgentListener : BackgroundService
{
    private readonly RecorderOptions _options;
    private readonly AgentConnectionHandler _handler;
    private readonly ILogger _logger;
    private readonly HashSet<Task> _connections = [];
    private readonly Lock _gate = new();

    public AgentListener(IOptions<RecorderOptions> options, AgentConnectionHandler handler, ILogger<AgentListener> logger)
    {
        _options = options.Value;
        _handler = handler;
        _logger = logger;
    }

    /// <summary>Binds before the host reports started, so "daemon is up" means "runtimes can connect".</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        Socket = Bind(_options.Listener);
        AgentLog.Listening(_logger, _options.Listener);
        return base.StartAsync(cancellationToken);
    }

    internal Socket? Socket { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Socket listener = Socket!;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Socket connection = await listener.AcceptAsync(stoppingToken).ConfigureAwait(false);
                Track(_handler.HandleAsync(connection, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
        catch (SocketException e)
        {
            AgentLog.AcceptFailed(_logger, e);
            throw;
        }
        finally
        {
            listener.Dispose();
            TryDelete(_options.Listener);
            Task[] pending;
            lock (_gate)
            {
                pending = [.. _connections];
            }

            await Task.WhenAll(pending).ConfigureAwait(false);
        }
    }

    private void Track(Task connection)
    {
        lock (_gate)
        {
            _connections.Add(connection);
        }

        _ = connection.ContinueWith(
            (done, state) =>
            {
                AgentListener self = (AgentListener)state!;
                lock (self._gate)
                {
                    self._connections.Remove(done);
                }

                if (done.Exception is { } exception)
                {
                    AgentLog.AcceptFailed(self._logger, exception.GetBaseException());
                }
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private Socket Bind(string path)
    {
        if (UnixSocketPath.PrepareForBind(path))
        {
            AgentLog.ReplacedStaleSocket(_logger, path);
        }

        // The daemon's umask (077, set in DaemonHost) creates the socket 0600 from the start; chmod states it anyway.
        Socket socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            socket.Listen(512);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Gone already, or the directory went away: nothing to clean.
        }
        catch (UnauthorizedAccessException)
        {
            // Not ours to remove any more.
        }
    }
}
