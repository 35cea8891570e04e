using System.Text.Json.Serialization;

namespace SeccompRecorder.Storage;

/// <summary>Source-generated JSON for the annotations and coverage columns (no reflection: the daemon may be trimmed).</summary>
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(Recording.SyscallCoverage))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class StorageJson : JsonSerializerContext;
