namespace SeccompRecorder.Native;

internal static partial class Interop
{
    internal const string Libc = "libc";
}
