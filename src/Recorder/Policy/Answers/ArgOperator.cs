namespace SeccompRecorder.Policy.Answers;

/// <summary>libseccomp's SCMP_CMP_* argument comparisons (runtime-spec config-linux.md "Seccomp").</summary>
internal enum ArgOperator
{
    NotEqual,
    LessThan,
    LessOrEqual,
    Equal,
    GreaterOrEqual,
    GreaterThan,

    /// <summary>SCMP_CMP_MASKED_EQ: (arg &amp; value) == valueTwo.</summary>
    MaskedEqual,
}
