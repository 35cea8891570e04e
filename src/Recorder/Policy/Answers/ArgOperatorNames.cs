namespace SeccompRecorder.Policy.Answers;

/// <summary>Each <see cref="ArgOperator"/>'s two spellings: OCI's SCMP_CMP_* and the short one of <see cref="ProfileAnswersText"/>.</summary>
internal static class ArgOperatorNames
{
    private static readonly (ArgOperator Op, string Short, string Oci)[] s_names =
    [
        (ArgOperator.NotEqual, "ne", "SCMP_CMP_NE"),
        (ArgOperator.LessThan, "lt", "SCMP_CMP_LT"),
        (ArgOperator.LessOrEqual, "le", "SCMP_CMP_LE"),
        (ArgOperator.Equal, "eq", "SCMP_CMP_EQ"),
        (ArgOperator.GreaterOrEqual, "ge", "SCMP_CMP_GE"),
        (ArgOperator.GreaterThan, "gt", "SCMP_CMP_GT"),
        (ArgOperator.MaskedEqual, "me", "SCMP_CMP_MASKED_EQ"),
    ];

    public static string Short(ArgOperator op) => Find(op).Short;

    public static string Oci(ArgOperator op) => Find(op).Oci;

    public static bool TryParseShort(string? text, out ArgOperator op) => TryParse(text, oci: false, out op);

    public static bool TryParseOci(string? text, out ArgOperator op) => TryParse(text, oci: true, out op);

    private static (ArgOperator Op, string Short, string Oci) Find(ArgOperator op)
    {
        foreach ((ArgOperator Op, string Short, string Oci) names in s_names)
        {
            if (names.Op == op)
            {
                return names;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(op), op, null);
    }

    private static bool TryParse(string? text, bool oci, out ArgOperator op)
    {
        foreach ((ArgOperator Op, string Short, string Oci) names in s_names)
        {
            if ((oci ? names.Oci : names.Short) == text)
            {
                op = names.Op;
                return true;
            }
        }

        op = ArgOperator.Equal;
        return false;
    }
}
