using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace SeccompRecorder.Grpc.Server;

/// <summary>One request message in, one response message out.</summary>
internal sealed class UnaryMethod<TRequest, TResponse> : GrpcMethod
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>
{
    private readonly MessageParser<TRequest> _parser;
    private readonly Func<TRequest, CancellationToken, ValueTask<TResponse>> _handler;

    public UnaryMethod(
        string service,
        string name,
        MessageParser<TRequest> parser,
        Func<TRequest, CancellationToken, ValueTask<TResponse>> handler)
        : base(service, name)
    {
        _parser = parser;
        _handler = handler;
    }

    public override async Task InvokeAsync(HttpContext context, CancellationToken cancellationToken)
    {
        TRequest request = await GrpcRequestReader.ReadSingleMessageAsync(
            context.Request.BodyReader, _parser, GrpcProtocol.DefaultMaxMessageSize, cancellationToken).ConfigureAwait(false);
        TResponse response = await _handler(request, cancellationToken).ConfigureAwait(false);

        // A deadline that passed while the handler ran wins over its answer.
        cancellationToken.ThrowIfCancellationRequested();
        await GrpcResponseWriter.StartAsync(context.Response, cancellationToken).ConfigureAwait(false);
        await GrpcResponseWriter.WriteMessageAsync(context.Response, response, cancellationToken).ConfigureAwait(false);
    }
}
