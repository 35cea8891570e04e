using System.Runtime.InteropServices;
using Xunit;
using static SeccompRecorder.Tests.Structure.AreaReferences;

namespace SeccompRecorder.Tests.Structure;

/// <summary>
/// The dependency direction STYLE.md asks for ("folders are the architecture", "dependencies point
/// inward"), checked on the compiled assembly and the sources (<see cref="AreaReferences"/>). A new use
/// of one area by another that the table below does not allow fails here, naming the types or lines;
/// widen the table only when the new arrow points inward.
/// </summary>
public sealed class DependencyDirectionTests
{
    // What each top-level folder of src/Recorder may use besides itself; (root) is ThisAssembly, a leaf
    // every area may read. Innermost first.
    private static readonly Dictionary<string, string[]> s_mayUse = new(StringComparer.Ordinal)
    {
        [RootArea] = [],
        // Names (arch, nr): a leaf, pure tables.
        ["Syscalls"] = [],
        // Decides a verdict per call: the kernel's types and nothing the decision is recorded in.
        ["Policy"] = [NativeArea, "Syscalls"],
        // What is recorded; a container's recording holds its policy.
        ["Recording"] = [NativeArea, "Policy", "Syscalls"],
        // The hot path: kernel, verdict, record. No egress, no storage, no settings.
        ["Notify"] = [NativeArea, "Policy", "Recording", "Syscalls"],
        // Ingress from the runtime: admits a container and hands its notify fds to Notify.
        ["Agent"] = [NativeArea, "Notify", "Policy", "Recording", "Syscalls"],
        // The service manager's protocols (sd_notify, LISTEN_FDS): a client, nothing of the daemon's.
        ["Systemd"] = [NativeArea],
        // Persistence of recordings; the kernel for the state directory's lock (flock).
        ["Storage"] = [NativeArea, "Policy", "Recording", "Syscalls"],
        // Profiles built from recordings: pure text.
        ["Profiles"] = ["Policy", "Recording", "Syscalls"],
        // Egress: reads snapshots (and the hot path's histograms), never the kernel or ingress.
        ["Metrics"] = ["Notify", "Policy", "Recording", "Syscalls"],
        // Egress: the API maps domain snapshots to the proto; its client is the CLI's.
        ["Grpc"] = [ProtoArea, "Policy", "Profiles", "Recording", "Storage", "Syscalls"],
        // Moves live state and fds to the next daemon: everything that holds them, no egress.
        ["Handover"] = [NativeArea, "Agent", "Notify", "Policy", "Recording", "Storage", "Syscalls", "Systemd"],
        // Wiring: composes every area of the daemon; nothing composes it but the commands.
        ["Hosting"] = [NativeArea, "Agent", "Grpc", "Handover", "Metrics", "Notify", "Policy", "Profiles", "Recording", "Storage", "Syscalls", "Systemd"],
        // `demo`: starts a daemon host in-process and reads it back through the client.
        ["Demo"] = [ProtoArea, "Grpc", "Hosting", "Profiles", "Syscalls"],
        // The command line: starts the daemon (Hosting), or talks to it over gRPC; never reaches into
        // its live state (Agent, Notify, Recording, Storage).
        ["Cli"] = [NativeArea, ProtoArea, "Demo", "Grpc", "Hosting", "Policy", "Profiles", "Syscalls"],
        // Program.cs is wiring only.
        [ProgramArea] = ["Cli"],
    };

    // Today's uses that break a rule above, each with why it exists and the change that removes it. The
    // test passes with them and fails on any other; AllowList_EveryEntry_StillNeeded fails once one is
    // gone, so the list only shrinks.
    private static readonly KnownViolation[] s_known =
    [
    ];

    [Fact]
    public void Areas_EveryCrossAreaUse_IsAllowedOrKnown()
    {
        string[] violations =
        [
            .. All
                .Where(r => !Allowed(r.From, r.To) && !s_known.Any(k => k.From == r.From && k.To == r.To))
                .GroupBy(r => (r.From, r.To))
                .OrderBy(g => g.Key.From, StringComparer.Ordinal).ThenBy(g => g.Key.To, StringComparer.Ordinal)
                .Select(g => $"{g.Key.From} -> {g.Key.To}:\n    " + string.Join("\n    ", g.Select(r => r.Evidence).Order(StringComparer.Ordinal))),
        ];

        Assert.True(violations.Length == 0,
            "uses against the dependency direction (see s_mayUse in DependencyDirectionTests):\n" + string.Join("\n", violations));
    }

    [Fact]
    public void AllowList_EveryEntry_StillNeeded()
    {
        string[] stale =
        [
            .. s_known
                .Where(k => !All.Any(r => r.From == k.From && r.To == k.To))
                .Select(k => $"{k.From} -> {k.To} ({k.RemovedBy})"),
        ];

        Assert.True(stale.Length == 0,
            "these known violations are gone: remove them from s_known so they cannot come back:\n" + string.Join("\n", stale));
    }

    [Fact]
    public void AllowList_EveryEntry_BreaksARule()
    {
        string[] redundant = [.. s_known.Where(k => Allowed(k.From, k.To)).Select(k => $"{k.From} -> {k.To}")];

        Assert.True(redundant.Length == 0, "allowed anyway, not a violation: " + string.Join(", ", redundant));
    }

    [Fact]
    public void Areas_EveryTopLevelFolder_HasARule()
    {
        string recorder = Path.Combine(RepoPaths.Root, "src", "Recorder");
        string[] missing =
        [
            .. SourceFiles(recorder)
                .Select(f => AreaOfFile(Path.GetRelativePath(recorder, f)))
                .Distinct()
                .Where(area => !s_mayUse.ContainsKey(area)),
        ];

        Assert.True(missing.Length == 0,
            "src/Recorder folders without a rule in s_mayUse (say what they may use): " + string.Join(", ", missing));
    }

    [Fact]
    public void References_FoundInBothAssemblyAndSources()
    {
        // Guards the tests above against passing on nothing: known uses, one found in the assembly, one in a using.
        Assert.Contains(All, r => r is { From: "Recording", To: "Native" } && r.Evidence.Contains("ContainerRecording uses", StringComparison.Ordinal));
        Assert.Contains(All, r => r is { From: "Program", To: "Cli" } && r.Evidence.StartsWith("Program.cs:", StringComparison.Ordinal));
        Assert.Contains(All, r => r is { From: "Notify", To: "Native" });
        Assert.Contains(All, r => r is { From: "Grpc", To: ProtoArea });
    }

    [Fact]
    public void Namespaces_EveryFile_MatchesItsTopLevelFolder()
    {
        // The assembly half of AreaReferences knows a type's area only by its namespace: SeccompRecorder.<Folder>[.*].
        string recorder = Path.Combine(RepoPaths.Root, "src", "Recorder");
        var wrong = new List<string>();
        foreach (string file in SourceFiles(recorder))
        {
            string relative = Path.GetRelativePath(recorder, file);
            string area = AreaOfFile(relative);
            string? ns = File.ReadLines(file)
                .Select(l => l.Trim())
                .FirstOrDefault(l => l.StartsWith("namespace ", StringComparison.Ordinal))?["namespace ".Length..].TrimEnd(';', ' ', '{');
            bool ok = area switch
            {
                ProgramArea => ns is null,
                RootArea => ns == "SeccompRecorder",
                _ => ns == $"SeccompRecorder.{area}" || (ns?.StartsWith($"SeccompRecorder.{area}.", StringComparison.Ordinal) ?? false),
            };
            if (!ok)
            {
                wrong.Add($"{relative}: namespace {ns ?? "(none)"}");
            }
        }

        Assert.True(wrong.Count == 0, "namespace does not match the folder:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void Native_References_OnlyTheBaseClassLibrary()
    {
        // STYLE.md: src/Native uses only the BCL (no DI, no logging, nothing of ours). The BCL is what
        // the shared framework Microsoft.NETCore.App holds; Microsoft.Extensions.* is not in it.
        string runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory();
        string[] others =
        [
            .. typeof(SeccompRecorder.Native.SafeFdHandle).Assembly.GetReferencedAssemblies()
                .Select(a => a.Name!)
                .Where(name => !File.Exists(Path.Combine(runtimeDirectory, name + ".dll")))
                .Order(StringComparer.Ordinal),
        ];

        Assert.True(others.Length == 0, "src/Native references more than the BCL: " + string.Join(", ", others));
        Assert.Contains(typeof(SeccompRecorder.Native.SafeFdHandle).Assembly.GetReferencedAssemblies(), a => a.Name == "System.Runtime");
    }

    private static bool Allowed(string from, string to) =>
        from == to || to == RootArea || (s_mayUse.TryGetValue(from, out string[]? allowed) && allowed.Contains(to));

    /// <summary>A use that breaks a rule today, why it exists, and what removes it.</summary>
    private sealed record KnownViolation(string From, string To, string Reason, string RemovedBy);
}
