using System.Text.Json.Serialization;

namespace SeccompRecorder.Storage;

/// <summary>Source-generated JSON for the annotations column (no reflection: the daemon may be trimmed).</summary>
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class StorageJson : JsonSerializerContext;
