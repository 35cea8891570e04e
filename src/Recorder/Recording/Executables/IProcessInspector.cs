namespace SeccompRecorder.Recording.Executables;

/// <summary>What <see cref="ProcessCache"/> learns about a thread when it resolves one: off the common path, once per thread.</summary>
internal interface IProcessInspector
{
    /// <summary>
    /// The thread group of <paramref name="tid"/>, the group's start time, and the group's executable (its
    /// /proc/PID/exe, or "comm:" and its comm when that is unreadable) as UTF-8 in <paramref name="name"/>. False when
    /// the thread has gone or /proc shows nothing of it.
    /// </summary>
    bool TryInspect(int tid, out int tgid, out ulong startTime, Span<byte> name, out int nameLength);
}
