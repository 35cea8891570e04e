namespace SeccompRecorder.Recording.Arguments;

/// <summary>One value of a recorded argument and how many calls passed it.</summary>
internal readonly record struct ArgumentValueCount(ulong Value, long Count);
