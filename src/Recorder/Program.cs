using SeccompRecorder.Cli;

return await RecorderCommandLine.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
