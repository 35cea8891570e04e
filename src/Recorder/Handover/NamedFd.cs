using SeccompRecorder.Native;

namespace SeccompRecorder.Handover;

/// <summary>One fd of a hand-over and its name.</summary>
internal readonly record struct NamedFd(string Name, SafeFdHandle Fd);
