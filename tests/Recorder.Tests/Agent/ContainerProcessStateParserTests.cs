using System.Text;
using SeccompRecorder.Agent;
using Xunit;

namespace SeccompRecorder.Tests.Agent;

public sealed class ContainerProcessStateParserTests
{
    private static readonly string Runc115Init = RuntimeMessages.Json("Runc115Init");

    private static readonly string Runc115Exec = RuntimeMessages.Json("Runc115Exec");

    [Fact]
    public void TryParse_Runc115Init_ReadsEveryField()
    {
        Assert.True(Parse(Runc115Init, out ContainerProcessState? state, out string error), error);

        Assert.Equal("1.0.2-dev", state!.OciVersion);
        Assert.Equal(["seccompFd"], state.Fds);
        Assert.Equal(3954, state.Pid);
        Assert.Equal("policy=log", state.Metadata);
        Assert.Equal("1.0.2-dev", state.State.OciVersion);
        Assert.Equal("feas1", state.State.Id);
        Assert.Equal("creating", state.State.Status);
        Assert.False(state.State.IsExec);
        Assert.Equal(3954, state.State.Pid);
        Assert.Equal("/tmp/feas/bundle", state.State.Bundle);
        Assert.Equal(new Dictionary<string, string> { ["io.kubernetes.cri-o.seccompNotifierAction"] = "stop" }, state.State.Annotations);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public void TryParse_Crun181Exec_PidsZero_IsAcceptedAsExec()
    {
        Assert.True(Parse(RuntimeMessages.Json("Crun181Exec"), out ContainerProcessState? state, out string error), error);

        Assert.True(state!.State.IsExec);
        Assert.Equal((0, 0), (state.Pid, state.State.Pid));
        Assert.Equal(("fx-crun", "running", "."), (state.State.Id, state.State.Status, state.State.Bundle));
        Assert.Equal("policy=record;team=fixtures", state.Metadata);
        Assert.Equal(new Dictionary<string, string> { ["io.kubernetes.pod.name"] = "web-0" }, state.State.Annotations);
    }

    [Fact]
    public void TryParse_InitWithPidZero_IsRefused()
    {
        const string json = """{"ociVersion":"0.2.0","fds":["seccompFd"],"pid":0,"state":{"ociVersion":"0.2.0","id":"c1","status":"creating","pid":0,"bundle":"/b"}}""";
        Assert.False(ContainerProcessStateParser.TryParse(Encoding.UTF8.GetBytes(json), out _, out string error));
        Assert.Contains("pid", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Runc115Exec_IsExecWithItsOwnPid()
    {
        Assert.True(Parse(Runc115Exec, out ContainerProcessState? state, out string error), error);

        Assert.Equal(4121, state!.Pid);
        Assert.Equal(3954, state.State.Pid);
        Assert.Equal("running", state.State.Status);
        Assert.True(state.State.IsExec);
        Assert.Equal("feas1", state.State.Id);
    }

    [Fact]
    public void TryParse_Crun181Init_ReadsThePrettyPrintedMessage()
    {
        Assert.True(Parse(RuntimeMessages.Json("Crun181Init"), out ContainerProcessState? state, out string error), error);

        Assert.Equal(("0.2.0", "0.2.0"), (state!.OciVersion, state.State.OciVersion));
        Assert.Equal(["seccompFd"], state.Fds);
        Assert.Equal((26579, 26579), (state.Pid, state.State.Pid));
        Assert.Equal("policy=record;team=fixtures", state.Metadata);
        Assert.Equal(("fx-crun", "creating", "/tmp/rtx/b1"), (state.State.Id, state.State.Status, state.State.Bundle));
        Assert.False(state.State.IsExec);
        Assert.Equal(new Dictionary<string, string> { ["io.kubernetes.pod.name"] = "web-0" }, state.State.Annotations);
    }

    [Fact]
    public void TryParse_Crun181InitWithoutMetadataOrAnnotations_ReadsThemEmpty()
    {
        // crun leaves the keys out altogether (runc writes "annotations" only when there are some, too).
        Assert.DoesNotContain("metadata", RuntimeMessages.Json("Crun181InitBare"), StringComparison.Ordinal);

        Assert.True(Parse(RuntimeMessages.Json("Crun181InitBare"), out ContainerProcessState? state, out string error), error);

        Assert.Equal(string.Empty, state!.Metadata);
        Assert.Empty(state.State.Annotations);
        Assert.Equal(("fx-crun-bare", "/tmp/rtx/b2", 26663), (state.State.Id, state.State.Bundle, state.Pid));
    }

    public static TheoryData<string> Captured => [.. RuntimeMessages.All.Select(m => m.Name)];

    [Theory]
    [MemberData(nameof(Captured))]
    public void TryParse_EveryCapturedRuntimeMessage_AcceptedAsInitOrExec(string name)
    {
        RuntimeMessage message = RuntimeMessages.All.Single(m => m.Name == name);
        Assert.Equal(message.CapturedBytes, Encoding.UTF8.GetByteCount(message.Json));

        Assert.True(Parse(message.Json, out ContainerProcessState? state, out string error), error);

        Assert.Equal(["seccompFd"], state!.Fds);
        Assert.Equal(message.Name.EndsWith("Exec", StringComparison.Ordinal), state.State.IsExec);
        if (state.State.IsExec)
        {
            // runc: the exec'd process and the init; crun: neither (0, 0).
            Assert.True(state.Pid == 0 ? state.State.Pid == 0 : state.State.Pid > 0 && state.Pid != state.State.Pid, $"pids {state.Pid}, {state.State.Pid}");
        }
        else
        {
            Assert.Equal("creating", state.State.Status);
            Assert.True(state.Pid > 0 && state.Pid == state.State.Pid, $"pids {state.Pid}, {state.State.Pid}");
        }
    }

    [Fact]
    public void TryParse_UnknownExtraFields_AreIgnored()
    {
        string json = Runc115Init
            .Replace("\"pid\":3954,\"metadata\"", "\"pid\":3954,\"future\":{\"a\":[1,2,{\"b\":null}]},\"metadata\"", StringComparison.Ordinal)
            .Replace("\"status\":\"creating\"", "\"status\":\"creating\",\"created\":\"2026-01-01T00:00:00Z\"", StringComparison.Ordinal);

        Assert.True(Parse(json, out ContainerProcessState? state, out string error), error);
        Assert.Equal("feas1", state!.State.Id);
    }

    [Fact]
    public void TryParse_OptionalFieldsAbsentOrNull_Accepted()
    {
        // No metadata, no bundle, no state.pid (the spec sets it only for created/running), annotations null.
        const string json = """{"ociVersion":"1.0.2","fds":[],"pid":7,"state":{"ociVersion":"1.0.2","id":"c","status":"creating","annotations":null}}""";

        Assert.True(Parse(json, out ContainerProcessState? state, out string error), error);
        Assert.Empty(state!.Fds);
        Assert.Equal(0, state.State.Pid);
        Assert.Equal(string.Empty, state.State.Bundle);
        Assert.Empty(state.State.Annotations);
    }

    [Fact]
    public void TryParse_DuplicateKeys_LastOneWinsLikeGo()
    {
        // Documents the behaviour: System.Text.Json's JsonDocument keeps duplicates and TryGetProperty finds the last,
        // which is what Go's encoding/json (runc, CRI-O) does too.
        string json = Runc115Init.Replace("\"id\":\"feas1\"", "\"id\":\"first\",\"id\":\"feas1\"", StringComparison.Ordinal)
            .Replace("\"pid\":3954,\"metadata\"", "\"pid\":1,\"pid\":3954,\"metadata\"", StringComparison.Ordinal);

        Assert.True(Parse(json, out ContainerProcessState? state, out string error), error);
        Assert.Equal("feas1", state!.State.Id);
        Assert.Equal(3954, state.Pid);
    }

    [Fact]
    public void TryParse_IdOfMaxLength_Accepted()
    {
        string id = new('a', ContainerProcessStateParser.MaxIdLength);

        Assert.True(Parse(WithState("id", $"\"{id}\""), out ContainerProcessState? state, out string error), error);
        Assert.Equal(id, state!.State.Id);
    }

    [Theory]
    [InlineData("runc_allows-these.chars+1")]
    [InlineData("...")]
    [InlineData("pod:ns:ctr@sha256")]
    [InlineData("été")]
    public void TryParse_IdWiderThanRuncButNoPath_Accepted(string id)
    {
        Assert.True(Parse(WithState("id", $"\"{id}\""), out ContainerProcessState? state, out string error), error);
        Assert.Equal(id, state!.State.Id);
    }

    [Fact]
    public void TryParse_AnnotationsAtTheLimits_Accepted()
    {
        // A 317-character key, and keys plus values of exactly 256 KiB.
        string key = new('k', ContainerProcessStateParser.MaxAnnotationKeyLength);
        string value = new('v', ContainerProcessStateParser.MaxAnnotationBytes - key.Length);

        Assert.True(Parse(WithState("annotations", $"{{\"{key}\":\"{value}\"}}"), out ContainerProcessState? state, out string error), error);
        Assert.Equal(value, state!.State.Annotations[key]);
    }

    [Fact]
    public void TryParse_NestingAtMaxDepth_Accepted()
    {
        // Depth 16 counting the root object: an unknown field nested to exactly the limit.
        string nested = new string('[', ContainerProcessStateParser.MaxDepth - 1) + new string(']', ContainerProcessStateParser.MaxDepth - 1);
        string json = Runc115Init.Replace("\"pid\":3954,\"metadata\"", $"\"pid\":3954,\"deep\":{nested},\"metadata\"", StringComparison.Ordinal);

        Assert.True(Parse(json, out _, out string error), error);
    }

    public static TheoryData<string, string, string> Hostile => new()
    {
        // description, message, a word the error must contain
        { "not JSON", "hello", "JSON" },
        { "truncated", Runc115Init[..50], "JSON" },
        { "empty input", "", "JSON" },
        { "trailing garbage", Runc115Init + "x", "JSON" },
        { "an array", "[1,2]", "object" },
        { "a string", "\"seccompFd\"", "object" },
        { "empty object", "{}", "ociVersion" },
        { "ociVersion a number", Runc115Init.Replace("\"ociVersion\":\"1.0.2-dev\",\"fds\"", "\"ociVersion\":1,\"fds\"", StringComparison.Ordinal), "ociVersion" },
        { "missing fds", Runc115Init.Replace("\"fds\":[\"seccompFd\"],", "", StringComparison.Ordinal), "fds" },
        { "fds a string", Runc115Init.Replace("[\"seccompFd\"]", "\"seccompFd\"", StringComparison.Ordinal), "fds" },
        { "fds with a number", Runc115Init.Replace("[\"seccompFd\"]", "[\"seccompFd\",3]", StringComparison.Ordinal), "fds" },
        { "fds with null", Runc115Init.Replace("[\"seccompFd\"]", "[null]", StringComparison.Ordinal), "fds" },
        { "missing pid", Runc115Init.Replace("\"pid\":3954,\"metadata\"", "\"metadata\"", StringComparison.Ordinal), "pid" },
        { "pid 0", TopPid("0"), "pid" },
        { "pid negative", TopPid("-5"), "pid" },
        { "pid huge", TopPid("4294967296"), "pid" },
        { "pid float", TopPid("3954.5"), "pid" },
        { "pid exponent", TopPid("3.954e3"), "pid" },
        { "pid string", TopPid("\"3954\""), "pid" },
        { "pid null", TopPid("null"), "pid" },
        { "metadata a number", Runc115Init.Replace("\"policy=log\"", "7", StringComparison.Ordinal), "metadata" },
        { "missing state", """{"ociVersion":"1.0.2-dev","fds":["seccompFd"],"pid":3954}""", "state" },
        { "state an array", """{"ociVersion":"1.0.2-dev","fds":["seccompFd"],"pid":3954,"state":[]}""", "state" },
        { "missing state.ociVersion", Runc115Init.Replace("\"state\":{\"ociVersion\":\"1.0.2-dev\",", "\"state\":{", StringComparison.Ordinal), "ociVersion" },
        { "missing id", Runc115Init.Replace("\"id\":\"feas1\",", "", StringComparison.Ordinal), "id" },
        { "id a number", WithState("id", "42"), "id" },
        { "id empty", WithState("id", "\"\""), "id" },
        { "id too long", WithState("id", $"\"{new string('a', 2000)}\""), "id" },
        { "id one past the limit", WithState("id", $"\"{new string('a', ContainerProcessStateParser.MaxIdLength + 1)}\""), "id" },
        { "id with a newline", WithState("id", "\"feas1\\nINFO forged log line\""), "id" },
        { "id with a NUL", WithState("id", "\"feas\\u00001\""), "id" },
        { "id with a slash", WithState("id", "\"../../etc/passwd\""), "id" },
        { "id a single slash", WithState("id", "\"/\""), "id" },
        { "id dot", WithState("id", "\".\""), "id" },
        { "id dot dot", WithState("id", "\"..\""), "id" },
        { "annotation key empty", WithState("annotations", "{\"\":\"v\"}"), "annotation" },
        { "annotation key one past 317", WithState("annotations", $"{{\"{new string('k', ContainerProcessStateParser.MaxAnnotationKeyLength + 1)}\":\"v\"}}"), "annotation" },
        { "annotations over 256 KiB", WithState("annotations", $"{{\"a\":\"{new string('v', 200 * 1024)}\",\"b\":\"{new string('v', 57 * 1024)}\"}}"), "annotations" },
        { "missing status", Runc115Init.Replace("\"status\":\"creating\",", "", StringComparison.Ordinal), "status" },
        { "bundle an object", WithState("bundle", "{}"), "bundle" },
        { "state.pid 0", WithState("pid", "0"), "pid" },
        { "state.pid a string", WithState("pid", "\"3954\""), "pid" },
        { "annotations an array", WithState("annotations", "[\"a\"]"), "annotations" },
        { "annotation value a number", WithState("annotations", "{\"io.kubernetes.pod.name\":\"p\",\"x.count\":3}"), "x.count" },
        { "annotation value null", WithState("annotations", "{\"x.null\":null}"), "x.null" },
        { "nesting deeper than 16", Runc115Init.Replace("\"pid\":3954,\"metadata\"", $"\"pid\":3954,\"deep\":{new string('[', 16)}{new string(']', 16)},\"metadata\"", StringComparison.Ordinal), "depth" },
        { "a comment", "/* hi */" + Runc115Init, "JSON" },
        { "a trailing comma", Runc115Init[..^1] + ",}", "JSON" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void TryParse_Hostile_ReturnsFalseWithErrorNamingTheField(string description, string json, string expectedInError)
    {
        bool parsed = Parse(json, out ContainerProcessState? state, out string error);

        Assert.False(parsed, $"{description}: accepted");
        Assert.Null(state);
        Assert.False(string.IsNullOrWhiteSpace(error), $"{description}: empty error");
        Assert.Contains(expectedInError, error, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("feas1")]                                      // state.id
    [InlineData("policy=log")]                                 // metadata
    [InlineData("io.kubernetes.cri-o.seccompNotifierAction")]  // an annotation key
    [InlineData("/tmp/feas/bundle")]                           // state.bundle
    public void TryParse_InvalidUtf8InAString_ReturnsFalse(string where)
    {
        // Hostile bytes are a rejection like any other, never an exception out of a "Try" method.
        byte[] bytes = Encoding.UTF8.GetBytes(Runc115Init);
        bytes[Runc115Init.IndexOf(where, StringComparison.Ordinal)] = 0xFF; // never valid in UTF-8

        bool parsed = ContainerProcessStateParser.TryParse(bytes, out ContainerProcessState? state, out string error);

        Assert.False(parsed);
        Assert.Null(state);
        Assert.NotEmpty(error);
    }

    private static bool Parse(string json, out ContainerProcessState? state, out string error) =>
        ContainerProcessStateParser.TryParse(Encoding.UTF8.GetBytes(json), out state, out error);

    private static string TopPid(string value) =>
        Runc115Init.Replace("\"pid\":3954,\"metadata\"", $"\"pid\":{value},\"metadata\"", StringComparison.Ordinal);

    /// <summary>The init message with state.<paramref name="field"/> replaced by (or, if absent, set to) <paramref name="json"/>.</summary>
    private static string WithState(string field, string json)
    {
        string state = field switch
        {
            "id" => Runc115Init.Replace("\"id\":\"feas1\"", $"\"id\":{json}", StringComparison.Ordinal),
            "pid" => Runc115Init.Replace("\"status\":\"creating\",\"pid\":3954", $"\"status\":\"creating\",\"pid\":{json}", StringComparison.Ordinal),
            "bundle" => Runc115Init.Replace("\"bundle\":\"/tmp/feas/bundle\"", $"\"bundle\":{json}", StringComparison.Ordinal),
            "annotations" => Runc115Init.Replace("\"annotations\":{\"io.kubernetes.cri-o.seccompNotifierAction\":\"stop\"}", $"\"annotations\":{json}", StringComparison.Ordinal),
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };
        Assert.NotEqual(Runc115Init, state);
        return state;
    }
}
