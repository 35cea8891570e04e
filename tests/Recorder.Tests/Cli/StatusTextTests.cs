using SeccompRecorder.Cli.Output;
using Xunit;

namespace SeccompRecorder.Tests.Cli;

public sealed class StatusTextTests
{
    private static readonly StatusView s_status = new("0.1.0", SampleViews.T0, 1, 2, 4, 3, 12345, true, 987654, 7, 1, ["clone3", "openat2"]);

    [Fact]
    public void Render_Status_AlignedBlockWithUptime()
    {
        string text = StatusText.Render(s_status, SampleViews.T0.AddHours(26).AddSeconds(61));

        Assert.Equal(
            """
            version:              0.1.0
            started at:           2026-11-22T10:00:00Z
            uptime:               1d2h1m1s
            containers:           1 running, 2 total
            containers stopped:   4
            listeners open:       3
            notifications:        12345
            sync wake-up:         yes
            connections:          7 accepted, 1 rejected
            expected denials:     clone3, openat2
            paths:                denied calls and violations; 0 read, 0 refused (EPERM)

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void RenderJson_Status_EveryFieldInOrder()
    {
        string json = StatusText.RenderJson(s_status with { SyncWakeUp = false }, SampleViews.Now);

        Assert.Equal(
            """
            {
              "version": "0.1.0",
              "startedAt": "2026-11-22T10:00:00Z",
              "uptimeSeconds": 90,
              "containersRunning": 1,
              "containersTotal": 2,
              "containersStopped": 4,
              "listenersOpen": 3,
              "notifications": 12345,
              "syncWakeUp": false,
              "allocatedBytes": 987654,
              "connectionsAccepted": 7,
              "connectionsRejected": 1,
              "expectedDenials": [
                "clone3",
                "openat2"
              ],
              "capturePaths": false,
              "pathReads": 0,
              "pathReadsDenied": 0
            }

            """.ReplaceLineEndings("\n"),
            json);
    }
}
