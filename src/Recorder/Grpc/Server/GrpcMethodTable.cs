using System.Collections.Frozen;

namespace SeccompRecorder.Grpc.Server;

/// <summary>The dispatch table: :path → method. Built once at startup, read without locks.</summary>
internal sealed class GrpcMethodTable
{
    private readonly FrozenDictionary<string, GrpcMethod> _byPath;
    private readonly FrozenSet<string> _services;

    public GrpcMethodTable(IEnumerable<GrpcMethod> methods)
    {
        GrpcMethod[] all = methods.ToArray();
        _byPath = all.ToFrozenDictionary(m => m.Path, StringComparer.Ordinal);
        _services = all.Select(m => m.Service).ToFrozenSet(StringComparer.Ordinal);
    }

    public bool TryGetMethod(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GrpcMethod? method) =>
        _byPath.TryGetValue(path, out method);

    public bool HasService(string service) => _services.Contains(service);
}
