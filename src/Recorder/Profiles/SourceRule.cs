using SeccompRecorder.Policy.Answers;

namespace SeccompRecorder.Profiles;

/// <summary>One rule of an enforcing profile being converted: OCI <c>linux.seccomp.syscalls[]</c> (action as SCMP_ACT_*).</summary>
internal sealed record SourceRule(IReadOnlyList<string> Names, string Action, int? ErrnoRet, IReadOnlyList<ArgCondition> Args);
