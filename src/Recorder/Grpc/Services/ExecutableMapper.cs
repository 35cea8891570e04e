using SeccompRecorder.Api.V1;
using SeccompRecorder.Recording.Executables;

namespace SeccompRecorder.Grpc.Services;

/// <summary>Executables of a snapshot → API messages, the busiest <c>max_executables</c> of them.</summary>
internal static class ExecutableMapper
{
    public const int DefaultMax = 16;

    /// <summary>All a container can have: the named ones, "(other)" and "(unknown)".</summary>
    public const int MostThereAre = ExecutableNames.Count;

    /// <summary>GetContainerRequest.max_executables as a count: 0 is the default, and more than there can be is all.</summary>
    public static int Limit(uint requested) => requested == 0 ? DefaultMax : (int)Math.Min(requested, (uint)MostThereAre);

    /// <summary>Adds the busiest <paramref name="limit"/> executables to <paramref name="container"/>, flagging the rest.</summary>
    public static void AddTo(Container container, IReadOnlyList<ExecutableSnapshot>? executables, int limit)
    {
        if (executables is null)
        {
            return;
        }

        foreach (ExecutableSnapshot executable in executables.Take(limit))
        {
            container.Executables.Add(ToExecutable(executable));
        }

        container.ExecutablesTruncated = executables.Count > limit;
    }

    public static Executable ToExecutable(ExecutableSnapshot snapshot)
    {
        var executable = new Executable
        {
            Path = snapshot.Path,
            Count = (ulong)Math.Max(0, snapshot.Calls),
            Denied = (ulong)Math.Max(0, snapshot.Denied),
        };
        foreach (Recording.Executables.ExecutableSyscall syscall in snapshot.Syscalls)
        {
            executable.Syscalls.Add(new Api.V1.ExecutableSyscall
            {
                Name = syscall.Name ?? string.Empty,
                Arch = syscall.ArchName,
                Nr = syscall.Nr,
                Count = (ulong)Math.Max(0, syscall.Count),
                Denied = (ulong)Math.Max(0, syscall.Denied),
            });
        }

        return executable;
    }
}
