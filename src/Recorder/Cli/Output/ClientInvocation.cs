using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Hosting;

namespace SeccompRecorder.Cli.Output;

/// <summary>
/// What every client command does around its call: connect to --api, and turn failures into one
/// "seccomp-recorder: ..." line on the configured error writer and exit code 1.
/// </summary>
internal static class ClientInvocation
{
    /// <summary>128 + SIGINT, what a shell reports for a command stopped by Ctrl+C.</summary>
    public const int InterruptedExitCode = 130;

    public static async Task<int> RunAsync(
        ParseResult parse,
        Option<string?> api,
        Func<RecorderClient, CancellationToken, Task<int>> call,
        CancellationToken cancellationToken)
    {
        TextWriter error = parse.InvocationConfiguration.Error;
        string address = ClientOptions.ResolveApi(parse.GetValue(api));
        ClientTls? tls = ClientOptions.GetTls(parse, out string? tlsError);
        if (tlsError is not null)
        {
            return await FailAsync(error, tlsError).ConfigureAwait(false);
        }

        RecorderClient client;
        try
        {
            client = new RecorderClient(address, tls: tls);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return await FailAsync(error, $"--api \"{address}\": {e.Message}").ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            return await FailAsync(error, $"--tls-*: {e.Message}").ConfigureAwait(false);
        }

        using (client)
        {
            try
            {
                return await call(client, cancellationToken).ConfigureAwait(false);
            }
            catch (RecorderUnavailableException e) when (e.NotGrpc)
            {
                return await FailAsync(error, $"{e.Message}: {NotGrpcHint(client.Address)}").ConfigureAwait(false);
            }
            catch (RecorderUnavailableException e)
            {
                // Its message already says where and why: "cannot reach ... (is the daemon running?)".
                return await FailAsync(error, e.Message).ConfigureAwait(false);
            }
            catch (RpcException e)
            {
                return await FailAsync(error, $"{StatusName(e.StatusCode)}: {e.Status.Detail}").ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return InterruptedExitCode;
            }
        }
    }

    /// <summary>What a user most likely pointed --api at instead, and where the API is.</summary>
    internal static string NotGrpcHint(RecorderAddress address) => address.UnixSocketPath is not null
        ? $"is --api pointing at the runtime listener socket (the daemon's --listener, default {RecorderOptions.DefaultListener})? "
            + $"The API socket is the daemon's --api, default {RecorderOptions.DefaultApi}"
        : "is it the metrics endpoint (--metrics) or another service? The API on TCP is the daemon's --api-tcp";

    /// <summary>Writes "seccomp-recorder: <paramref name="message"/>", escaped: the text may come from the daemon.</summary>
    public static async Task<int> FailAsync(TextWriter error, string message)
    {
        await error.WriteAsync($"seccomp-recorder: {TextEscaper.Escape(message)}\n").ConfigureAwait(false);
        await error.FlushAsync().ConfigureAwait(false);
        return 1;
    }

    /// <summary>The canonical name of grpc/grpc doc/statuscodes.md: NotFound → NOT_FOUND.</summary>
    public static string StatusName(StatusCode code)
    {
        string name = code.ToString();
        if (!Enum.IsDefined(code) || name == nameof(StatusCode.OK))
        {
            return name;
        }

        var builder = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpperInvariant(name[i]));
        }

        return builder.ToString();
    }
}
