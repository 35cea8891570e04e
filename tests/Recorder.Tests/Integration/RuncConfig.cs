using System.Text.Json.Nodes;
using SeccompRecorder.Demo;

namespace SeccompRecorder.Tests.Integration;

/// <summary>Edits of a bundle's config.json beyond what <see cref="RuncBundle.Configure"/> sets.</summary>
internal static class RuncConfig
{
    public static void Edit(RuncBundle bundle, Action<JsonObject> edit)
    {
        JsonObject config = JsonNode.Parse(File.ReadAllText(bundle.ConfigPath))!.AsObject();
        edit(config);
        File.WriteAllText(bundle.ConfigPath, config.ToJsonString());
    }

    /// <summary>Adds <paramref name="capability"/> (CAP_...) to every set of the process.</summary>
    public static void AddCapability(JsonObject config, string capability)
    {
        foreach ((_, JsonNode? set) in config["process"]!["capabilities"]!.AsObject())
        {
            set!.AsArray().Add(capability);
        }
    }
}
