namespace SeccompRecorder.Recording;

/// <summary>What one counted call was the first of, for the events a watcher gets.</summary>
[Flags]
internal enum RecordOutcome
{
    None = 0,
    FirstSeen = 1,
    FirstViolation = 2,
}
