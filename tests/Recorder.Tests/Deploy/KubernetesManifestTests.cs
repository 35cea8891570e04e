using System.Text.Json;
using SeccompRecorder.Demo;
using SeccompRecorder.Tests.Grpc;
using Xunit;

namespace SeccompRecorder.Tests.Deploy;

/// <summary>Every YAML document under deploy/kubernetes, parsed by PyYAML, and the fields the daemon depends on.</summary>
public sealed class KubernetesManifestTests
{
    private const string ToJson = "import json, sys, yaml; print(json.dumps(list(yaml.safe_load_all(open(sys.argv[1])))))";

    [Fact]
    public async Task DaemonSet_Parsed_HostPidHostPathsCapabilitiesAndScrape()
    {
        JsonElement[] documents = await LoadAsync("daemonset.yaml");

        Assert.Equal(["Namespace", "ServiceAccount", "DaemonSet"], documents.Select(d => d.GetProperty("kind").GetString()));
        JsonElement daemonSet = documents[2];
        Assert.Equal("seccomp-recorder", daemonSet.GetProperty("metadata").GetProperty("namespace").GetString());
        JsonElement template = daemonSet.GetProperty("spec").GetProperty("template");
        JsonElement pod = template.GetProperty("spec");
        Assert.True(pod.GetProperty("hostPID").GetBoolean());
        Assert.False(pod.GetProperty("hostNetwork").GetBoolean());
        Assert.Equal("seccomp-recorder", pod.GetProperty("serviceAccountName").GetString());

        Dictionary<string, JsonElement> hostPaths = pod.GetProperty("volumes").EnumerateArray()
            .Where(v => v.TryGetProperty("hostPath", out _))
            .ToDictionary(v => v.GetProperty("hostPath").GetProperty("path").GetString()!, v => v.GetProperty("hostPath"));
        Assert.Equal(["/run/seccomp-recorder", "/var/lib/seccomp-recorder"], hostPaths.Keys.Order());
        Assert.All(hostPaths.Values, h => Assert.Equal("DirectoryOrCreate", h.GetProperty("type").GetString()));

        JsonElement container = Assert.Single(pod.GetProperty("containers").EnumerateArray());
        string[] mounts = [.. container.GetProperty("volumeMounts").EnumerateArray().Select(m => m.GetProperty("mountPath").GetString()!)];
        Assert.Contains("/run/seccomp-recorder", mounts);
        Assert.Contains("/var/lib/seccomp-recorder", mounts);
        JsonElement security = container.GetProperty("securityContext");
        Assert.False(security.GetProperty("privileged").GetBoolean());
        Assert.False(security.GetProperty("allowPrivilegeEscalation").GetBoolean());
        Assert.Equal(["ALL"], Strings(security.GetProperty("capabilities").GetProperty("drop")));
        Assert.Equal(["KILL", "CHOWN", "SYS_PTRACE"], Strings(security.GetProperty("capabilities").GetProperty("add")));

        // The daemon binds metrics to 127.0.0.1 unless told otherwise; without hostNetwork, the pod IP must be bound.
        string[] args = Strings(container.GetProperty("args"));
        Assert.Equal(["--metrics", "0.0.0.0:9756"], args);
        Assert.Equal(9756, Assert.Single(container.GetProperty("ports").EnumerateArray()).GetProperty("containerPort").GetInt32());
        JsonElement annotations = template.GetProperty("metadata").GetProperty("annotations");
        Assert.Equal("true", annotations.GetProperty("prometheus.io/scrape").GetString());
        Assert.Equal("9756", annotations.GetProperty("prometheus.io/port").GetString());
        Assert.Equal("/metrics", container.GetProperty("livenessProbe").GetProperty("httpGet").GetProperty("path").GetString());
        Assert.True(container.GetProperty("resources").GetProperty("limits").TryGetProperty("memory", out _));
    }

    private static async Task<JsonElement[]> LoadAsync(string file)
    {
        string path = Path.Combine(RepoPaths.Root, "deploy", "kubernetes", file);
        ProcessResult python = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", ToJson, path], TestTimeouts.Default, CancellationToken.None);
        Assert.True(python.Succeeded, python.ToString());
        using JsonDocument json = JsonDocument.Parse(python.StandardOutput);
        return [.. json.RootElement.EnumerateArray().Select(d => d.Clone())];
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
