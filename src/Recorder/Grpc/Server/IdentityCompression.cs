using System.IO.Compression;
using Grpc.Net.Compression;

namespace SeccompRecorder.Grpc.Server;

/// <summary>
/// "identity", the one message encoding the API takes. Grpc.AspNetCore adds gzip and deflate when its list is empty,
/// and inflates a request with no limit on the result: 4 MiB of gzip could become gigabytes. With only this in the list
/// a compressed request is UNIMPLEMENTED, naming identity, as grpc/grpc doc/compression.md asks. Nothing is ever
/// compressed by it: the server compresses no response (no ResponseCompressionAlgorithm).
/// </summary>
internal sealed class IdentityCompression : ICompressionProvider
{
    public string EncodingName => "identity";

    public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) => stream;

    public Stream CreateDecompressionStream(Stream stream) => stream;
}
