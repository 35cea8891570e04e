using System.Text.Json;

namespace SeccompRecorder.Tests.Metrics;

/// <summary>One metric family as the Python parser reports it; samples are [name, {label: value}, value].</summary>
internal sealed record ParsedFamily(string Name, string Type, string Unit, string Help, List<JsonElement[]> Samples);
