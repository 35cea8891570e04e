using System.Text.Json;
using SeccompRecorder.Cli.Output;
using Xunit;

namespace SeccompRecorder.Tests.Cli;

public sealed class ContainerJsonTests
{
    [Fact]
    public void RenderList_NoContainers_EmptyArray()
    {
        Assert.Equal("[]\n", ContainerJson.RenderList([]));
    }

    [Fact]
    public void RenderList_PodAndExited_EveryFieldInOrderWithoutSyscalls()
    {
        string json = ContainerJson.RenderList([SampleViews.Pod, SampleViews.Exited]);

        Assert.Equal(
            """
            [
              {
                "id": "c1",
                "state": "running",
                "initPid": 4242,
                "bundle": "/tmp/bundle/c1",
                "ociVersion": "1.0.2-dev",
                "metadata": "policy=log",
                "kubernetes": {
                  "podName": "web-0",
                  "podNamespace": "default",
                  "containerName": "nginx",
                  "podUid": "uid-1"
                },
                "firstSeen": "2026-11-22T10:00:00Z",
                "lastSeen": "2026-11-22T10:01:29.5Z",
                "exitedAt": null,
                "listenersOpen": 1,
                "listenersTotal": 2,
                "notifications": 128,
                "annotations": {
                  "io.kubernetes.pod.name": "web-0",
                  "io.kubernetes.pod.namespace": "default"
                }
              },
              {
                "id": "c2",
                "state": "exited",
                "initPid": 4343,
                "bundle": "/tmp/bundle/c2",
                "ociVersion": "1.0.2",
                "metadata": "",
                "kubernetes": null,
                "firstSeen": "2026-11-19T10:00:00Z",
                "lastSeen": "2026-11-22T05:00:00Z",
                "exitedAt": "2026-11-22T05:00:00Z",
                "listenersOpen": 0,
                "listenersTotal": 1,
                "notifications": 0,
                "annotations": {}
              }
            ]

            """.ReplaceLineEndings("\n"),
            json);
    }

    [Fact]
    public void RenderDetails_UnknownSyscall_NameIsNull()
    {
        string json = ContainerJson.RenderDetails(SampleViews.Pod);

        Assert.EndsWith(
            """
              "syscalls": [
                {
                  "name": "read",
                  "arch": "x86_64",
                  "nr": 0,
                  "count": 120,
                  "firstSeen": "2026-11-22T10:00:00Z",
                  "lastSeen": "2026-11-22T10:01:29.5Z"
                },
                {
                  "name": "getpid",
                  "arch": "x86_64",
                  "nr": 39,
                  "count": 7,
                  "firstSeen": "2026-11-22T10:00:01Z",
                  "lastSeen": "2026-11-22T10:01:25Z"
                },
                {
                  "name": null,
                  "arch": "x86",
                  "nr": 999,
                  "count": 1,
                  "firstSeen": "2026-11-22T10:00:02Z",
                  "lastSeen": "2026-11-22T10:00:02Z"
                }
              ]
            }

            """.ReplaceLineEndings("\n"),
            json);
    }

    [Fact]
    public void RenderDetails_HostileStrings_ControlCharactersEscapedAndRoundTrip()
    {
        // Like Go's encoding/json: control characters and U+2028/9 are escaped, other characters (a bidi override too) are not.
        string json = ContainerJson.RenderDetails(SampleViews.Hostile);

        Assert.Equal(
            """
            {
              "id": "evil\nc3   running",
              "state": "running",
              "initPid": 1,
              "bundle": "/b\\u",
              "ociVersion": "1.0.2",
              "metadata": "line1\r\nline2",
              "kubernetes": null,
              "firstSeen": "2026-11-22T10:00:00Z",
              "lastSeen": "2026-11-22T10:00:00Z",
              "exitedAt": null,
              "listenersOpen": 1,
              "listenersTotal": 1,
              "notifications": 1,
              "annotations": {
                "a\"quote": "say \"hi\"\n\u001B[2Jgone",
                "rtl": "abc{RLO}def\u2028",
                "tab": "x\ty"
              },
              "syscalls": []
            }

            """.ReplaceLineEndings("\n").Replace("{RLO}", "\u202E", StringComparison.Ordinal),
            json);

        using JsonDocument parsed = JsonDocument.Parse(json);
        JsonElement annotations = parsed.RootElement.GetProperty("annotations");
        Assert.Equal("say \"hi\"\n\u001b[2Jgone", annotations.GetProperty("a\"quote").GetString());
        Assert.Equal("abc\u202Edef\u2028", annotations.GetProperty("rtl").GetString());
    }
}
