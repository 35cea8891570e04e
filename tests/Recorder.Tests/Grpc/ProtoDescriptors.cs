using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using SeccompRecorder.Api.V1;

namespace SeccompRecorder.Tests.Grpc;

internal static class ProtoDescriptors
{
    /// <summary>Writes the API's FileDescriptorSet: grpc_client.py builds its messages from it (no generated Python code).</summary>
    public static Task WriteSetAsync(string path)
    {
        FileDescriptorSet set = new();
        foreach (FileDescriptor file in new[] { TimestampReflection.Descriptor, DurationReflection.Descriptor, RecorderReflection.Descriptor, global::Grpc.Health.V1.HealthReflection.Descriptor })
        {
            set.File.Add(FileDescriptorProto.Parser.ParseFrom(file.SerializedData));
        }

        return File.WriteAllBytesAsync(path, set.ToByteArray());
    }
}
