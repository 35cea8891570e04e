using System.Text.Json.Serialization;

namespace SeccompRecorder.Handover;

/// <summary>Source-generated JSON for the hand-over document (no reflection: the daemon may be trimmed).</summary>
[JsonSourceGenerationOptions(UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(HandoverDocument))]
[JsonSerializable(typeof(FdStoreNotifyFd))]
internal sealed partial class HandoverJson : JsonSerializerContext;
