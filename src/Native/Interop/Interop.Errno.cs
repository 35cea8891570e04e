using System.Runtime.InteropServices;

namespace SeccompRecorder.Native;

internal static partial class Interop
{
    /// <summary>errno of the P/Invoke that just returned; call once, straight after it.</summary>
    internal static Errno LastErrno() => (Errno)Marshal.GetLastPInvokeError();
}
