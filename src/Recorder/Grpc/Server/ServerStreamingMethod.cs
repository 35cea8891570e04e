using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace SeccompRecorder.Grpc.Server;

/// <summary>One request message in, a stream of response messages out, flushed one by one.</summary>
internal sealed class ServerStreamingMethod<TRequest, TResponse> : GrpcMethod
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>
{
    private readonly MessageParser<TRequest> _parser;
    private readonly Func<TRequest, CancellationToken, IAsyncEnumerable<TResponse>> _handler;

    public ServerStreamingMethod(
        string service,
        string name,
        MessageParser<TRequest> parser,
        Func<TRequest, CancellationToken, IAsyncEnumerable<TResponse>> handler)
        : base(service, name)
    {
        _parser = parser;
        _handler = handler;
    }

    public override async Task InvokeAsync(HttpContext context, CancellationToken cancellationToken)
    {
        TRequest request = await GrpcRequestReader.ReadSingleMessageAsync(
            context.Request.BodyReader, _parser, GrpcProtocol.DefaultMaxMessageSize, cancellationToken).ConfigureAwait(false);
        await GrpcResponseWriter.StartAsync(context.Response, cancellationToken).ConfigureAwait(false);
        await foreach (TResponse message in _handler(request, cancellationToken).WithCancellation(cancellationToken))
        {
            await GrpcResponseWriter.WriteMessageAsync(context.Response, message, cancellationToken).ConfigureAwait(false);
        }
    }
}
