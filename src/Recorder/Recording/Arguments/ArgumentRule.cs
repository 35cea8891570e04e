using System.Runtime.CompilerServices;
using SeccompRecorder.Native;

namespace SeccompRecorder.Recording.Arguments;

/// <summary>
/// One recorded argument of one syscall: which of <c>seccomp_data.args</c> it is and which of its bits count. The
/// value is <c>args[Index] &amp; Mask</c>, or for a pair <c>(uint)args[Index] &lt;&lt; 32 | (uint)args[PairIndex]</c>.
/// Only registers: a pointer's target is never read (the target could change it after we looked).
/// </summary>
/// <param name="Name">What the argument is ("domain", "flags"): the key in storage, the hand-over and the API.</param>
/// <param name="Capacity">Distinct values kept before further ones only count as "other".</param>
internal sealed record ArgumentRule(string Name, byte Index, ulong Mask, ArgumentFormat Format, int Capacity, byte PairIndex = ArgumentRule.NoPair)
{
    public const byte NoPair = 0xFF;

    /// <summary>Int-typed arguments: the kernel reads the low 32 bits only, so the high ones are not the caller's choice.</summary>
    public const ulong Low32 = 0xFFFF_FFFF;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ulong Extract(in SeccompNotification notification) => PairIndex == NoPair
        ? notification.Arg(Index) & Mask
        : (notification.Arg(Index) & Low32) << 32 | (notification.Arg(PairIndex) & Low32);
}
