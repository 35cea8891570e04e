namespace SeccompRecorder.Native;

/// <summary>The process umask, which .NET does not expose. Process-wide: set it once, at start, before creating files.</summary>
public static class FileCreationMask
{
    /// <summary>Sets the umask and returns the previous one.</summary>
    public static UnixFileMode Set(UnixFileMode mask) => (UnixFileMode)Interop.umask((uint)mask & 0x1FF);
}
