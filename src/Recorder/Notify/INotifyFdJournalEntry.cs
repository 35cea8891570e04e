namespace SeccompRecorder.Notify;

/// <summary>What <see cref="INotifyFdJournal"/> kept for one served notify fd; it goes with the fd it names.</summary>
internal interface INotifyFdJournalEntry
{
    /// <summary>Where the fd's worker keeps its received, unanswered notification (0: nowhere).</summary>
    nint InFlightSlot { get; }

    /// <summary>Every task of the fd's filter has exited: the copy kept for it goes too.</summary>
    void Closed();
}
