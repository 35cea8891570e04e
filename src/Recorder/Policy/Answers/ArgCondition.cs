namespace SeccompRecorder.Policy.Answers;

/// <summary>One argument comparison of a conditional rule: <c>args[Index] Op Value</c> (MASKED_EQ: <c>(args[Index] &amp; Value) == ValueTwo</c>).</summary>
internal readonly record struct ArgCondition(int Index, ArgOperator Op, ulong Value, ulong ValueTwo = 0)
{
    /// <summary>Syscalls have six arguments.</summary>
    public const int MaxIndex = 5;

    /// <summary>Whether <paramref name="arg"/> satisfies the comparison (64-bit, unsigned, as libseccomp compares).</summary>
    public bool Holds(ulong arg) => Op switch
    {
        ArgOperator.NotEqual => arg != Value,
        ArgOperator.LessThan => arg < Value,
        ArgOperator.LessOrEqual => arg <= Value,
        ArgOperator.Equal => arg == Value,
        ArgOperator.GreaterOrEqual => arg >= Value,
        ArgOperator.GreaterThan => arg > Value,
        ArgOperator.MaskedEqual => (arg & Value) == ValueTwo,
        _ => false,
    };
}
