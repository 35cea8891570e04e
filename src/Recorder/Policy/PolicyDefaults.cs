namespace SeccompRecorder.Policy;

/// <summary>The daemon-wide policy, for containers whose metadata and annotations say nothing.</summary>
internal sealed record PolicyDefaults(PolicyMode Mode, int Errno, TimeSpan Grace)
{
    /// <summary>CRI-O's notifier answers ENOSYS and kills 5 s after the last violation.</summary>
    public static PolicyDefaults Standard { get; } = new(PolicyMode.Record, (int)Native.Errno.ENOSYS, TimeSpan.FromSeconds(5));
}
