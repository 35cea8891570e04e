namespace SeccompRecorder.Notify;

/// <summary>The notify threads' settings, read once from the daemon's options.</summary>
internal sealed record NotifySettings(NotifyWait Wait);
