using System.Text.Json.Nodes;
using SeccompRecorder.Demo;

namespace SeccompRecorder.Tests.Integration.Runtimes;

/// <summary>
/// One way of running a container from the tests' busybox rootfs with a given linux.seccomp: crun itself, ctr against a
/// containerd, or Podman, each over runc or crun. <c>name</c> is the test's name for the container; the id the
/// runtime hands the daemon (what the API knows it by) is returned where it differs (Podman's 64 hex characters).
/// </summary>
internal interface IContainerRuntime
{
    /// <summary>What the tests call it: "crun", "containerd+runc", ...</summary>
    string Name { get; }

    /// <summary>The ociVersion this runtime's low-level runtime sends (crun hardcodes "0.2.0").</summary>
    string OciVersion { get; }

    /// <summary>Runs <paramref name="args"/> in the foreground until the container exits; the container is removed after.</summary>
    Task<RuntimeRun> RunAsync(string name, IReadOnlyList<string> args, JsonObject seccomp);

    /// <summary>Starts <paramref name="args"/> detached; returns the id the daemon knows the container by.</summary>
    Task<string> StartAsync(string name, IReadOnlyList<string> args, JsonObject seccomp);

    /// <summary>Runs <paramref name="args"/> in the running container, in the foreground.</summary>
    Task<ProcessResult> ExecAsync(string name, IReadOnlyList<string> args);

    /// <summary>Kills and deletes the container, whatever state it is in; nothing if there is none.</summary>
    Task RemoveAsync(string name);

    /// <summary>containerd's namespace the container runs in (the daemon reads it from the bundle path); empty elsewhere.</summary>
    string RuntimeNamespace { get; }

    /// <summary>The bundle directory the runtime reports for the container <paramref name="id"/> (state.bundle).</summary>
    string BundleOf(string id);
}
