using SeccompRecorder.Policy.Answers;

namespace SeccompRecorder.Profiles;

/// <summary>OCI's SCMP_CMP_* names for <see cref="ArgOperator"/>.</summary>
internal static class OciOperators
{
    public static bool TryParse(string? name, out ArgOperator op)
    {
        (bool ok, op) = name switch
        {
            "SCMP_CMP_NE" => (true, ArgOperator.NotEqual),
            "SCMP_CMP_LT" => (true, ArgOperator.LessThan),
            "SCMP_CMP_LE" => (true, ArgOperator.LessOrEqual),
            "SCMP_CMP_EQ" => (true, ArgOperator.Equal),
            "SCMP_CMP_GE" => (true, ArgOperator.GreaterOrEqual),
            "SCMP_CMP_GT" => (true, ArgOperator.GreaterThan),
            "SCMP_CMP_MASKED_EQ" => (true, ArgOperator.MaskedEqual),
            _ => (false, ArgOperator.Equal),
        };
        return ok;
    }

    public static string Name(ArgOperator op) => op switch
    {
        ArgOperator.NotEqual => "SCMP_CMP_NE",
        ArgOperator.LessThan => "SCMP_CMP_LT",
        ArgOperator.LessOrEqual => "SCMP_CMP_LE",
        ArgOperator.Equal => "SCMP_CMP_EQ",
        ArgOperator.GreaterOrEqual => "SCMP_CMP_GE",
        ArgOperator.GreaterThan => "SCMP_CMP_GT",
        ArgOperator.MaskedEqual => "SCMP_CMP_MASKED_EQ",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };
}
