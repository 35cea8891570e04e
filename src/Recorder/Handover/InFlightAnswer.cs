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
    public static bool TryAnswer(SeccompNotifyFd fd, InFlightSlots slots, int slot, ContainerRecording container, RecorderClock clock, ILogger logger)
    {
        if (slot < 0 || slot >= slots.Capacity || !slots.TryReadInFlight(slot, out SeccompNotification notification) || !fd.IsIdValid(notification.Id))
        {
            return false;
        }

        Verdict verdict = container.Policy.Decide(notification);
        container.RecordCall(notification, clock.Now(), denied: !verdict.Allow);
        fd.TryAnswer(notification.Id, verdict.Allow, verdict.Errno);
        HandoverLog.AnsweredInFlight(logger, container.Id, (int)notification.Pid, notification.Id);
        return true;
    }
}
