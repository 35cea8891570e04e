using Microsoft.AspNetCore.Http;

namespace SeccompRecorder.Grpc.Server;

/// <summary>One entry of the dispatch table: a path and how to run a call to it.</summary>
internal abstract class GrpcMethod
{
    protected GrpcMethod(string service, string name)
    {
        Service = service;
        Name = name;
        Path = "/" + service + "/" + name;
    }

    /// <summary>The fully qualified service name, e.g. seccomp.recorder.v1.Recorder.</summary>
    public string Service { get; }

    public string Name { get; }

    /// <summary>/{service}/{method}, the HTTP/2 :path of a call.</summary>
    public string Path { get; }

    /// <summary>
    /// Reads the request, runs the handler and writes the response messages. Returning normally means OK;
    /// the status itself is written by the caller (<see cref="GrpcDispatcher"/>), never here.
    /// </summary>
    public abstract Task InvokeAsync(HttpContext context, CancellationToken cancellationToken);
}
