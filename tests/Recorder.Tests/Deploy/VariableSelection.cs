namespace SeccompRecorder.Tests.Deploy;

/// <summary>What a variable is set to: "All", or some of its values.</summary>
internal sealed record VariableSelection(DashboardVariable Variable, bool All, IReadOnlyList<string> Values)
{
    public string Format()
    {
        if (!Variable.Multi && !Variable.IncludeAll)
        {
            return GrafanaDashboard.StringEscape(Values.Single());
        }

        if (All && Variable.AllValue is { } allValue)
        {
            return allValue;
        }

        string[] escaped = [.. Values.Select(GrafanaDashboard.RegexEscape)];
        return escaped.Length == 1 ? escaped[0] : "(" + string.Join('|', escaped) + ")";
    }
}
