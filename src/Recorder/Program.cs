using SeccompRecorder.Cli;

return await RecorderCommandLine.InvokeAsync(args).ConfigureAwait(false);
