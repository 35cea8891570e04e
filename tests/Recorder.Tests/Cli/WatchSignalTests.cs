using System.Diagnostics;
using SeccompRecorder.Native;
using SeccompRecorder.Tests.Grpc;
using SeccompRecorder.Tests.Integration;
using Xunit;

namespace SeccompRecorder.Tests.Cli;

/// <summary>
/// <c>watch</c> as a user stops it: the real executable in a child process, SIGTERM or SIGINT from outside. In
/// process this cannot be tested: the signal would go to the test runner.
/// </summary>
public sealed class WatchSignalTests : IClassFixture<GrpcTestHost>
{
    private const int SIGINT = 2;
    private const int SIGTERM = 15;

    private readonly GrpcTestHost _host;

    public WatchSignalTests(GrpcTestHost host)
    {
        _host = host;
    }

    [Theory]
    [InlineData(SIGTERM)]
    [InlineData(SIGINT)]
    public async Task Watch_Signal_PrintedEventsKeptExit0(int signal)
    {
        // Through a python exec that sets SIGINT to its default first, as a terminal gives it to a user: a test run
        // started as a background job (SIGINT ignored, inherited across exec) would otherwise have watch ignore it,
        // which is right for the program and wrong for this test. exec keeps the pid the signal is sent to.
        ProcessStartInfo start = new("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])["-c", "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])",
            RepoPaths.RecorderExecutable, "watch", "--api", _host.SocketPath])
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("watch did not start");
        var output = new CapturingWriter();
        var error = new CapturingWriter();
        process.OutputDataReceived += (_, e) => output.Write(e.Data is null ? null : e.Data + "\n");
        process.ErrorDataReceived += (_, e) => error.Write(e.Data is null ? null : e.Data + "\n");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await TestTimeouts.WaitUntilAsync(() => output.Lines.Length >= 5 || process.HasExited, "watch printed five events");
            Assert.True(PidFd.TryOpen(process.Id, out SafeFdHandle pidfd), "pidfd_open of the watch");
            using (pidfd)
            {
                Assert.True(PidFd.TrySendSignal(pidfd, signal), "pidfd_send_signal");
            }

            await process.WaitForExitAsync().WaitAsync(TestTimeouts.Default);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }

        // WaitForExitAsync also waits for the redirected streams to reach their end.
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\nstdout:\n{output.Text}\nstderr:\n{error.Text}");
        Assert.Equal(5, output.Lines.Length);
        Assert.Equal("2026-11-22T10:00:04.000Z   exited           c2", output.Lines[4]);
        Assert.Equal(string.Empty, error.Text);
    }
}
