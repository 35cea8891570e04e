using System.Diagnostics;
using SeccompRecorder.Demo;
using SeccompRecorder.Tests.Grpc;

namespace SeccompRecorder.Tests.Metrics;

/// <summary>
/// Debian's promtool (package prometheus, installed by scripts/install-test-deps.sh). Missing, it fails the test
/// loudly: CI has it, and a silent skip would hide that the exposition was never checked by Prometheus's own parser.
/// </summary>
internal static class Promtool
{
    public static string Path => ExecutableSearch.Find("promtool")
        ?? throw new InvalidOperationException("promtool is not installed: apt-get install prometheus (or run scripts/install-test-deps.sh)");

    /// <summary>`promtool check metrics` with <paramref name="exposition"/> on stdin: the parser and its lint rules.</summary>
    public static async Task<ProcessResult> CheckMetricsAsync(byte[] exposition)
    {
        ProcessStartInfo start = new(Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("check");
        start.ArgumentList.Add("metrics");
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(exposition).AsTask().WaitAsync(TestTimeouts.Default);
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TestTimeouts.Default);
        }
        catch (TimeoutException)
        {
            process.Kill();
            throw;
        }

        return new ProcessResult(process.ExitCode, await stdout.WaitAsync(TestTimeouts.Default), await stderr.WaitAsync(TestTimeouts.Default));
    }

    public static Task<ProcessResult> RunAsync(params string[] args) =>
        ProcessRunner.RunAsync(Path, args, TestTimeouts.Default, CancellationToken.None);
}
