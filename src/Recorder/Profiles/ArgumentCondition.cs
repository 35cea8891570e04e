namespace SeccompRecorder.Profiles;

/// <summary>
/// One entry of a rule's <c>args</c> (runtime-spec config-linux.md, "Seccomp"): SCMP_CMP_EQ, <c>args[Index] ==
/// Value</c>; or SCMP_CMP_MASKED_EQ, <c>(args[Index] &amp; Value) == ValueTwo</c>, where Value is the mask.
/// </summary>
internal readonly record struct ArgumentCondition(int Index, ulong Value, ulong ValueTwo, bool Masked)
{
    public string Op => Masked ? "SCMP_CMP_MASKED_EQ" : "SCMP_CMP_EQ";

    public static ArgumentCondition Equal(int index, ulong value) => new(index, value, 0, Masked: false);

    public static ArgumentCondition MaskedEqual(int index, ulong mask, ulong value) => new(index, mask, value, Masked: true);
}
