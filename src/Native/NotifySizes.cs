namespace SeccompRecorder.Native;

/// <summary>sizeof(struct seccomp_notif), sizeof(struct seccomp_notif_resp), sizeof(struct seccomp_data).</summary>
public readonly record struct NotifySizes(int Notif, int NotifResp, int Data);
