namespace SeccompRecorder.Tests.Deploy;

/// <summary>One PromQL query of the dashboard and where it is; <see cref="Instant"/> for a stat or table value, else a range.</summary>
internal sealed record DashboardQuery(string Where, string Expr, bool Instant);
