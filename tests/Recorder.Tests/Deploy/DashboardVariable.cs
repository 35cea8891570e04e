using System.Text.Json;

namespace SeccompRecorder.Tests.Deploy;

/// <summary>One template variable: its query (label_values(...), or the data source type for a datasource variable).</summary>
internal sealed record DashboardVariable(string Name, string Type, string? Query, string? Definition, bool Multi, bool IncludeAll, string? AllValue, JsonElement Element)
{
    public static DashboardVariable From(JsonElement v)
    {
        JsonElement query = v.TryGetProperty("query", out JsonElement q) ? q : default;
        string? text = query.ValueKind switch
        {
            JsonValueKind.String => query.GetString(),
            JsonValueKind.Object when query.TryGetProperty("query", out JsonElement inner) => inner.GetString(),
            _ => null,
        };
        return new DashboardVariable(
            v.GetProperty("name").GetString()!,
            v.GetProperty("type").GetString()!,
            text,
            v.TryGetProperty("definition", out JsonElement definition) ? definition.GetString() : null,
            v.TryGetProperty("multi", out JsonElement multi) && multi.GetBoolean(),
            v.TryGetProperty("includeAll", out JsonElement all) && all.GetBoolean(),
            v.TryGetProperty("allValue", out JsonElement allValue) ? allValue.GetString() : null,
            v);
    }
}
