using System.Text.Json;
using System.Text.Json.Nodes;

namespace SeccompRecorder.Demo;

/// <summary>
/// An OCI bundle whose rootfs is a static busybox plus any static helpers: enough for a real runc container with no
/// image, no network and nothing installed. config.json starts from `runc spec` and is edited as JSON.
/// </summary>
internal sealed class RuncBundle
{
    // Applets the demo and the tests call; busybox decides by argv[0].
    private static readonly string[] s_applets = ["sh", "ls", "cat", "echo", "mkdir", "sleep", "true", "rm", "touch", "id", "uname", "hostname"];

    private RuncBundle(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    public string RootFs => Path.Combine(Directory, "rootfs");

    public string ConfigPath => Path.Combine(Directory, "config.json");

    public static async Task<RuncBundle> CreateAsync(RuncCli runc, string directory, string busybox, CancellationToken cancellationToken)
    {
        RuncBundle bundle = new(directory);
        string bin = Path.Combine(bundle.RootFs, "bin");
        System.IO.Directory.CreateDirectory(bin);
        foreach (string empty in new[] { "tmp", "proc", "dev", "sys" })
        {
            System.IO.Directory.CreateDirectory(Path.Combine(bundle.RootFs, empty));
        }

        File.Copy(busybox, Path.Combine(bin, "busybox"), overwrite: true);
        foreach (string applet in s_applets)
        {
            File.CreateSymbolicLink(Path.Combine(bin, applet), "busybox");
        }

        await runc.SpecAsync(directory, cancellationToken).ConfigureAwait(false);
        return bundle;
    }

    /// <summary>Copies a static binary to /<paramref name="name"/> in the rootfs.</summary>
    public void AddBinary(string source, string name)
    {
        string target = Path.Combine(RootFs, name);
        File.Copy(source, target, overwrite: true);
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    /// <summary>Sets the process (no terminal: runc's stdio is the container's) and linux.seccomp (null removes it).</summary>
    public void Configure(IReadOnlyList<string> args, JsonObject? seccomp, IReadOnlyDictionary<string, string>? annotations = null)
    {
        JsonObject config = JsonNode.Parse(File.ReadAllText(ConfigPath))!.AsObject();

        // runc spec makes the rootfs read-only; this one is a throwaway copy that workloads may write to.
        config["root"]!["readonly"] = false;
        JsonObject process = config["process"]!.AsObject();
        process["terminal"] = false;
        process["args"] = new JsonArray([.. args.Select(a => (JsonNode?)JsonValue.Create(a))]);
        JsonObject linux = config["linux"]!.AsObject();
        linux.Remove("seccomp");
        if (seccomp is not null)
        {
            linux["seccomp"] = seccomp.DeepClone();
        }

        if (annotations is not null)
        {
            JsonObject values = new();
            foreach ((string key, string value) in annotations)
            {
                values[key] = value;
            }

            config["annotations"] = values;
        }

        File.WriteAllText(ConfigPath, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
