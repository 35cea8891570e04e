using Microsoft.Extensions.Logging;
using SeccompRecorder.Native;
using SeccompRecorder.Policy;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Handover;

/// <summary>
/// A daemon that died between RECV and SEND leaves a notification the kernel hands out only once: its task would wait
/// for good. Its in-flight slot has it; if the kernel still waits for an answer (NOTIF_ID_VALID), this answers it as
/// the container's policy says, and counts it.
/// </summary>
internal static class InFlightAnswer
{
    /// <summary>
    /// How far past the last answered id to look for one received and not answered. Ids of one filter go up by one per
    /// notification, and at most one per thread of the container waits at a time.
    /// </summary>
    private const int IdsProbed = 4096;

    public static bool TryAnswer(SeccompNotifyFd fd, InFlightSlots slots, int slot, ContainerRecording container, RecorderClock clock, ILogger logger)
    {
        if (slot < 0 || slot >= slots.Capacity)
        {
            return false;
        }

        if (!slots.TryReadInFlight(slot, out SeccompNotification notification))
        {
            return slots.TryReadLastAnswered(slot, out ulong last) && TryAnswerUnrecorded(fd, last, container, logger);
        }

        if (!fd.IsIdValid(notification.Id))
        {
            return false;
        }

        Verdict verdict = container.Policy.Decide(notification);
        container.RecordCall(notification, clock.Now(), verdict);
        fd.TryAnswer(notification.Id, verdict.Allow, verdict.Errno);
        HandoverLog.AnsweredInFlight(logger, container.Id, (int)notification.Pid, notification.Id);
        return true;
    }

    /// <summary>
    /// Killed inside RECV: the kernel marked a notification received, the thread never saw it. No other process
    /// receives on this filter, so any id the kernel still calls valid (received, unanswered) is that one. Its
    /// syscall is unknown: answered as the policy answers every call (which does not depend on it), not counted.
    /// </summary>
    private static bool TryAnswerUnrecorded(SeccompNotifyFd fd, ulong last, ContainerRecording container, ILogger logger)
    {
        for (ulong id = last + 1; id <= last + IdsProbed; id++)
        {
            if (fd.IsIdValid(id))
            {
                Verdict verdict = container.Policy.Decide(default);
                fd.TryAnswer(id, verdict.Allow, verdict.Errno);
                HandoverLog.AnsweredInFlight(logger, container.Id, 0, id);
                return true;
            }
        }

        return false;
    }
}
