namespace SeccompRecorder.Native;

/// <summary>struct ucred of a Unix socket peer.</summary>
public readonly record struct PeerCredentials(int Pid, uint Uid, uint Gid);
