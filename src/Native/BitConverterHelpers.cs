namespace SeccompRecorder.Native;

internal static class BitConverterHelpers
{
    /// <summary>A native-endian size_t.</summary>
    public static ulong ReadNuint(ReadOnlySpan<byte> bytes) =>
        nint.Size == 8 ? BitConverter.ToUInt64(bytes) : BitConverter.ToUInt32(bytes);
}
