using System.Text.Json.Nodes;
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
                "run": 1,
                "runtimeNamespace": "",
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
                "policy": {
                  "mode": "log",
                  "modeSource": "metadata",
                  "errno": 38,
                  "errnoName": "ENOSYS",
                  "errnoSource": "default",
                  "grace": "5s",
                  "graceSource": "default",
                  "sourceAnswers": false
                },
                "firstSeen": "2026-11-22T10:00:00Z",
                "lastSeen": "2026-11-22T10:01:29.5Z",
                "exitedAt": null,
                "termination": null,
                "listenersOpen": 1,
                "listenersTotal": 2,
                "notifications": 128,
                "violations": 128,
                "annotations": {
                  "io.kubernetes.pod.name": "web-0",
                  "io.kubernetes.pod.namespace": "default"
                }
              },
              {
                "id": "c2",
                "run": 1,
                "runtimeNamespace": "",
                "state": "exited",
                "initPid": 4343,
                "bundle": "/tmp/bundle/c2",
                "ociVersion": "1.0.2",
                "metadata": "",
                "kubernetes": null,
                "policy": {
                  "mode": "record",
                  "modeSource": "default",
                  "errno": 38,
                  "errnoName": "ENOSYS",
                  "errnoSource": "default",
                  "grace": "5s",
                  "graceSource": "default",
                  "sourceAnswers": false
                },
                "firstSeen": "2026-11-19T10:00:00Z",
                "lastSeen": "2026-11-22T05:00:00Z",
                "exitedAt": "2026-11-22T05:00:00Z",
                "termination": null,
                "listenersOpen": 0,
                "listenersTotal": 1,
                "notifications": 0,
                "violations": 0,
                "annotations": {}
              }
            ]

            """.ReplaceLineEndings("\n"),
            json);
    }

    [Fact]
    public void RenderDetails_Paths_EachWithTruncatedAndCount_OnlyWhereRead()
    {
        SyscallView mkdir = new("mkdir", "x86_64", 83, 9, 9, SampleViews.T0, SampleViews.T0, null, Violations: 9,
            Paths: new PathsView([new("/tmp/denied", false, 4), new("/tmp/aaaa", true, 1)], 2, 3));
        ContainerView container = SampleViews.WithArguments with { Syscalls = [mkdir, SampleViews.Socket] };

        JsonNode syscalls = JsonNode.Parse(ContainerJson.RenderDetails(container))!["syscalls"]!;

        Assert.Equal(
            """[{"path":"/tmp/denied","truncated":false,"count":4},{"path":"/tmp/aaaa","truncated":true,"count":1}]""",
            syscalls[0]!["paths"]!.ToJsonString());
        Assert.Equal((2, 3), ((int)syscalls[0]!["pathsOther"]!, (int)syscalls[0]!["pathsUnread"]!));
        Assert.Null(syscalls[1]!["paths"]);
    }

    [Fact]
    public void RenderDetails_ArgumentValues_EachWithTextValueAndCount()
    {
        string json = ContainerJson.RenderDetails(SampleViews.WithArguments);

        Assert.EndsWith(
            """
                  "lastSeen": "2026-11-22T10:01:20Z",
                  "arguments": [
                    {
                      "name": "domain",
                      "values": [
                        {
                          "text": "AF_INET",
                          "value": 2,
                          "count": 3
                        },
                        {
                          "text": "AF_ALG",
                          "value": 38,
                          "count": 1
                        }
                      ],
                      "other": 2
                    },
                    {
                      "name": "type",
                      "values": [
                        {
                          "text": "SOCK_STREAM",
                          "value": 1,
                          "count": 5
                        },
                        {
                          "text": "x\ny",
                          "value": 77,
                          "count": 1
                        }
                      ],
                      "other": 0
                    }
                  ]
                }
              ],
              "coverage": null,
              "executables": [],
              "executablesTruncated": false
            }

            """.ReplaceLineEndings("\n"),
            json);
    }

    [Fact]
    public void RenderDetails_Executables_EachWithItsSyscallsAndTheTruncatedFlag()
    {
        string json = ContainerJson.RenderDetails(SampleViews.WithExecutables);

        Assert.EndsWith(
            """
              "coverage": null,
              "executables": [
                {
                  "path": "/bin/one",
                  "count": 7,
                  "denied": 1,
                  "syscalls": [
                    {
                      "name": "getpid",
                      "arch": "x86_64",
                      "nr": 39,
                      "count": 6,
                      "denied": 1
                    },
                    {
                      "name": null,
                      "arch": "x86",
                      "nr": 999,
                      "count": 1,
                      "denied": 0
                    }
                  ]
                },
                {
                  "path": "/bin/t\nwo",
                  "count": 3,
                  "denied": 0,
                  "syscalls": [
                    {
                      "name": "uname",
                      "arch": "x86_64",
                      "nr": 63,
                      "count": 3,
                      "denied": 0
                    }
                  ]
                }
              ],
              "executablesTruncated": true
            }

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
                  "denied": 120,
                  "violations": 120,
                  "reason": null,
                  "firstSeen": "2026-11-22T10:00:00Z",
                  "lastSeen": "2026-11-22T10:01:29.5Z",
                  "arguments": []
                },
                {
                  "name": "getpid",
                  "arch": "x86_64",
                  "nr": 39,
                  "count": 7,
                  "denied": 7,
                  "violations": 7,
                  "reason": null,
                  "firstSeen": "2026-11-22T10:00:01Z",
                  "lastSeen": "2026-11-22T10:01:25Z",
                  "arguments": []
                },
                {
                  "name": null,
                  "arch": "x86",
                  "nr": 999,
                  "count": 1,
                  "denied": 1,
                  "violations": 1,
                  "reason": null,
                  "firstSeen": "2026-11-22T10:00:02Z",
                  "lastSeen": "2026-11-22T10:00:02Z",
                  "arguments": []
                }
              ],
              "coverage": null,
              "executables": [],
              "executablesTruncated": false
            }

            """.ReplaceLineEndings("\n"),
            json);
    }

    [Fact]
    public void RenderDetails_StoppedContainer_PolicyTerminationAndDenied()
    {
        string json = ContainerJson.RenderDetails(SampleViews.Stopped);

        Assert.Equal(
            """
            {
              "id": "c4",
              "run": 1,
              "runtimeNamespace": "",
              "state": "exited",
              "initPid": 4444,
              "bundle": "/tmp/bundle/c4",
              "ociVersion": "1.0.2",
              "metadata": "grace=5s",
              "kubernetes": {
                "podName": "api-7",
                "podNamespace": "prod",
                "containerName": "app",
                "podUid": "uid-4"
              },
              "policy": {
                "mode": "stop",
                "modeSource": "annotation",
                "errno": 38,
                "errnoName": "ENOSYS",
                "errnoSource": "default",
                "grace": "5s",
                "graceSource": "metadata",
                "sourceAnswers": false
              },
              "firstSeen": "2026-11-22T10:00:00Z",
              "lastSeen": "2026-11-22T10:00:55Z",
              "exitedAt": "2026-11-22T10:01:00Z",
              "termination": {
                "reason": "seccomp killed",
                "message": "Used forbidden syscalls: chroot (2x), swapoff (2x)",
                "at": "2026-11-22T10:01:00Z"
              },
              "listenersOpen": 0,
              "listenersTotal": 1,
              "notifications": 4,
              "violations": 4,
              "annotations": {
                "seccomp-notifier-action.crio.io": "stop"
              },
              "syscalls": [
                {
                  "name": "chroot",
                  "arch": "x86_64",
                  "nr": 161,
                  "count": 2,
                  "denied": 2,
                  "violations": 2,
                  "reason": null,
                  "firstSeen": "2026-11-22T10:00:50Z",
                  "lastSeen": "2026-11-22T10:00:55Z",
                  "arguments": []
                },
                {
                  "name": "swapoff",
                  "arch": "x86_64",
                  "nr": 168,
                  "count": 2,
                  "denied": 2,
                  "violations": 2,
                  "reason": null,
                  "firstSeen": "2026-11-22T10:00:51Z",
                  "lastSeen": "2026-11-22T10:00:54Z",
                  "arguments": []
                }
              ],
              "coverage": null,
              "executables": [],
              "executablesTruncated": false
            }

            """.ReplaceLineEndings("\n"),
            json);
    }

    [Fact]
    public void RenderDetails_ErrnoWithoutNameGraceUnset_Nulls()
    {
        var policy = new PolicyView("log", "metadata", 200, null, "metadata", null, "unknown");

        using JsonDocument json = JsonDocument.Parse(ContainerJson.RenderDetails(SampleViews.Exited with { Policy = policy }));

        JsonElement written = json.RootElement.GetProperty("policy");
        Assert.Equal(200, written.GetProperty("errno").GetInt32());
        Assert.Equal(JsonValueKind.Null, written.GetProperty("errnoName").ValueKind);
        Assert.Equal(JsonValueKind.Null, written.GetProperty("grace").ValueKind);
        Assert.Equal("unknown", written.GetProperty("graceSource").GetString());
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
              "run": 1,
              "runtimeNamespace": "",
              "state": "running",
              "initPid": 1,
              "bundle": "/b\\u",
              "ociVersion": "1.0.2",
              "metadata": "line1\r\nline2",
              "kubernetes": null,
              "policy": null,
              "firstSeen": "2026-11-22T10:00:00Z",
              "lastSeen": "2026-11-22T10:00:00Z",
              "exitedAt": null,
              "termination": {
                "reason": "seccomp\tkilled",
                "message": "Used forbidden syscalls: x\n\u001B[2Jy (1x){RLO}",
                "at": null
              },
              "listenersOpen": 1,
              "listenersTotal": 1,
              "notifications": 1,
              "violations": 1,
              "annotations": {
                "a\"quote": "say \"hi\"\n\u001B[2Jgone",
                "rtl": "abc{RLO}def\u2028",
                "tab": "x\ty"
              },
              "syscalls": [],
              "coverage": null,
              "executables": [],
              "executablesTruncated": false
            }

            """.ReplaceLineEndings("\n").Replace("{RLO}", "\u202E", StringComparison.Ordinal),
            json);

        using JsonDocument parsed = JsonDocument.Parse(json);
        JsonElement annotations = parsed.RootElement.GetProperty("annotations");
        Assert.Equal("say \"hi\"\n\u001b[2Jgone", annotations.GetProperty("a\"quote").GetString());
        Assert.Equal("abc\u202Edef\u2028", annotations.GetProperty("rtl").GetString());
        Assert.Equal(
            "Used forbidden syscalls: x\n\u001b[2Jy (1x)\u202E",
            parsed.RootElement.GetProperty("termination").GetProperty("message").GetString());
    }
}
