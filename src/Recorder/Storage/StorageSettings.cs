namespace SeccompRecorder.Storage;

/// <summary>Where recordings live and how long exited containers are kept.</summary>
internal sealed record StorageSettings(string StateDir, TimeSpan Retention);
