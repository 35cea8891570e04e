namespace SeccompRecorder.Tests.Agent;

/// <summary>
/// What each runtime sends on the listener socket, byte for byte as received (December 2026, this machine: Debian 12,
/// kernel 6.18; runc 1.1.5, crun 1.8.1, containerd 1.6.20, Podman 4.3.1). Captured with
/// tests/helpers/capture-listener.py (it logs each connection's bytes and answers the notify fd with CONTINUE) as the
/// listenerPath of a profile with listenerMetadata "policy=record;team=fixtures", geteuid notified, and one
/// annotation: a container running `sleep 30`, then one exec of `/sysloop geteuid 1` into it, per runtime (the commands
/// are in deploy/runtimes.md). Pids and paths are what they were then. Every runtime wrote its message in one
/// sendmsg with the fd, then closed the connection once its process exited or detached.
/// Seeds for the parser's tests and fuzzing: <see cref="All"/>.
/// </summary>
internal static class RuntimeMessages
{
    /// <summary>runc 1.1.5 (runc run) for a container's init, as REFERENCE.md records it.</summary>
    public const string Runc115Init =
        """{"ociVersion":"1.0.2-dev","fds":["seccompFd"],"pid":3954,"metadata":"policy=log","state":{"ociVersion":"1.0.2-dev","id":"feas1","status":"creating","pid":3954,"bundle":"/tmp/feas/bundle","annotations":{"io.kubernetes.cri-o.seccompNotifierAction":"stop"}}}""";

    /// <summary>runc exec into the same container: status "running", pid of the exec'd process, state.pid still init's.</summary>
    public const string Runc115Exec =
        """{"ociVersion":"1.0.2-dev","fds":["seccompFd"],"pid":4121,"metadata":"policy=log","state":{"ociVersion":"1.0.2-dev","id":"feas1","status":"running","pid":3954,"bundle":"/tmp/feas/bundle","annotations":{"io.kubernetes.cri-o.seccompNotifierAction":"stop"}}}""";

    /// <summary>crun 1.8.1 run (crun-wrapper, detached), a config with annotations and listenerMetadata: pretty-printed with 4 spaces, a newline at the end, ociVersion "0.2.0".</summary>
    public const string Crun181Init =
        """
        {
            "ociVersion": "0.2.0",
            "fds": [
                "seccompFd"
            ],
            "pid": 26579,
            "metadata": "policy=record;team=fixtures",
            "state": {
                "ociVersion": "0.2.0",
                "id": "fx-crun",
                "status": "creating",
                "pid": 26579,
                "bundle": "/tmp/rtx/b1",
                "annotations": {
                    "io.kubernetes.pod.name": "web-0"
                }
            }
        }

        """;

    /// <summary>crun 1.8.1 exec into that container: both pids 0, bundle ".", status "running".</summary>
    public const string Crun181Exec =
        """
        {
            "ociVersion": "0.2.0",
            "fds": [
                "seccompFd"
            ],
            "pid": 0,
            "metadata": "policy=record;team=fixtures",
            "state": {
                "ociVersion": "0.2.0",
                "id": "fx-crun",
                "status": "running",
                "pid": 0,
                "bundle": ".",
                "annotations": {
                    "io.kubernetes.pod.name": "web-0"
                }
            }
        }

        """;

    /// <summary>crun 1.8.1 run, a config with neither annotations nor listenerMetadata: crun leaves both keys out.</summary>
    public const string Crun181InitBare =
        """
        {
            "ociVersion": "0.2.0",
            "fds": [
                "seccompFd"
            ],
            "pid": 26663,
            "state": {
                "ociVersion": "0.2.0",
                "id": "fx-crun-bare",
                "status": "creating",
                "pid": 26663,
                "bundle": "/tmp/rtx/b2"
            }
        }

        """;

    /// <summary>containerd 1.6.20 (ctr run --seccomp --seccomp-profile, namespace "fixtures") with runc 1.1.5: runc's compact shape; the bundle is under containerd's state dir, the id carries no namespace.</summary>
    public const string ContainerdRuncInit =
        """{"ociVersion":"1.0.2-dev","fds":["seccompFd"],"pid":27412,"metadata":"policy=record;team=fixtures","state":{"ociVersion":"1.0.2-dev","id":"fx-ctr-runc","status":"creating","pid":27412,"bundle":"/tmp/rtx/ctd/state/io.containerd.runtime.v2.task/fixtures/fx-ctr-runc","annotations":{"io.kubernetes.pod.name":"web-0"}}}""";

    /// <summary>ctr task exec --exec-id fx-exec into it: runc's exec, its own pid, state.pid the init's; the exec id reaches us nowhere.</summary>
    public const string ContainerdRuncExec =
        """{"ociVersion":"1.0.2-dev","fds":["seccompFd"],"pid":27513,"metadata":"policy=record;team=fixtures","state":{"ociVersion":"1.0.2-dev","id":"fx-ctr-runc","status":"running","pid":27412,"bundle":"/tmp/rtx/ctd/state/io.containerd.runtime.v2.task/fixtures/fx-ctr-runc","annotations":{"io.kubernetes.pod.name":"web-0"}}}""";

    /// <summary>containerd 1.6.20 with crun 1.8.1 (ctr run --runc-binary crun-wrapper).</summary>
    public const string ContainerdCrunInit =
        """
        {
            "ociVersion": "0.2.0",
            "fds": [
                "seccompFd"
            ],
            "pid": 27621,
            "metadata": "policy=record;team=fixtures",
            "state": {
                "ociVersion": "0.2.0",
                "id": "fx-ctr-crun",
                "status": "creating",
                "pid": 27621,
                "bundle": "/tmp/rtx/ctd/state/io.containerd.runtime.v2.task/fixtures/fx-ctr-crun",
                "annotations": {
                    "io.kubernetes.pod.name": "web-0"
                }
            }
        }

        """;

    /// <summary>ctr task exec into it, through crun: pids 0, bundle ".".</summary>
    public const string ContainerdCrunExec =
        """
        {
            "ociVersion": "0.2.0",
            "fds": [
                "seccompFd"
            ],
            "pid": 0,
            "metadata": "policy=record;team=fixtures",
            "state": {
                "ociVersion": "0.2.0",
                "id": "fx-ctr-crun",
                "status": "running",
                "pid": 0,
                "bundle": ".",
                "annotations": {
                    "io.kubernetes.pod.name": "web-0"
                }
            }
        }

        """;

    /// <summary>Podman 4.3.1 (podman run -d --runtime runc --rootfs): the id is 64 hex characters, Podman's own annotations come along (io.container.manager=libpod, two io.kubernetes.cri-o.* keys that name no pod); its --name reaches us nowhere.</summary>
    public const string PodmanRuncInit =
        """{"ociVersion":"1.0.2-dev","fds":["seccompFd"],"pid":27822,"metadata":"policy=record;team=fixtures","state":{"ociVersion":"1.0.2-dev","id":"e2263e31aadfc78b1851627913b2bc6b7ce69295552a733659c245e778314e52","status":"creating","pid":27822,"bundle":"/tmp/rtx/pm/root/vfs-containers/e2263e31aadfc78b1851627913b2bc6b7ce69295552a733659c245e778314e52/userdata","annotations":{"io.container.manager":"libpod","io.kubernetes.cri-o.Created":"2026-12-01T23:56:15.569694824Z","io.kubernetes.cri-o.TTY":"false","io.kubernetes.pod.name":"web-0","io.podman.annotations.autoremove":"FALSE","io.podman.annotations.init":"FALSE","io.podman.annotations.privileged":"FALSE","io.podman.annotations.publish-all":"FALSE","io.podman.annotations.seccomp":"/tmp/rtx/prof-fx.json","org.opencontainers.image.stopSignal":"15"}}}""";

    /// <summary>podman exec into it, through runc.</summary>
    public const string PodmanRuncExec =
        """{"ociVersion":"1.0.2-dev","fds":["seccompFd"],"pid":27954,"metadata":"policy=record;team=fixtures","state":{"ociVersion":"1.0.2-dev","id":"e2263e31aadfc78b1851627913b2bc6b7ce69295552a733659c245e778314e52","status":"running","pid":27822,"bundle":"/tmp/rtx/pm/root/vfs-containers/e2263e31aadfc78b1851627913b2bc6b7ce69295552a733659c245e778314e52/userdata","annotations":{"io.container.manager":"libpod","io.kubernetes.cri-o.Created":"2026-12-01T23:56:15.569694824Z","io.kubernetes.cri-o.TTY":"false","io.kubernetes.pod.name":"web-0","io.podman.annotations.autoremove":"FALSE","io.podman.annotations.init":"FALSE","io.podman.annotations.privileged":"FALSE","io.podman.annotations.publish-all":"FALSE","io.podman.annotations.seccomp":"/tmp/rtx/prof-fx.json","org.opencontainers.image.stopSignal":"15"}}}""";

    /// <summary>Podman 4.3.1 with crun 1.8.1 (--runtime crun-wrapper).</summary>
    public const string PodmanCrunInit =
        """
        {
            "ociVersion": "0.2.0",
            "fds": [
                "seccompFd"
            ],
            "pid": 28090,
            "metadata": "policy=record;team=fixtures",
            "state": {
                "ociVersion": "0.2.0",
                "id": "0b7df22099152acd1879dc0577977706981db5dfe49b63d0463b25ab06aaa8fb",
                "status": "creating",
                "pid": 28090,
                "bundle": "/tmp/rtx/pm/root/vfs-containers/0b7df22099152acd1879dc0577977706981db5dfe49b63d0463b25ab06aaa8fb/userdata",
                "annotations": {
                    "io.container.manager": "libpod",
                    "io.kubernetes.cri-o.Created": "2026-12-01T23:56:19.261587597Z",
                    "io.kubernetes.cri-o.TTY": "false",
                    "io.kubernetes.pod.name": "web-0",
                    "io.podman.annotations.autoremove": "FALSE",
                    "io.podman.annotations.init": "FALSE",
                    "io.podman.annotations.privileged": "FALSE",
                    "io.podman.annotations.publish-all": "FALSE",
                    "io.podman.annotations.seccomp": "/tmp/rtx/prof-fx.json",
                    "org.opencontainers.image.stopSignal": "15"
                }
            }
        }

        """;

    /// <summary>podman exec into it, through crun: pids 0, bundle ".".</summary>
    public const string PodmanCrunExec =
        """
        {
            "ociVersion": "0.2.0",
            "fds": [
                "seccompFd"
            ],
            "pid": 0,
            "metadata": "policy=record;team=fixtures",
            "state": {
                "ociVersion": "0.2.0",
                "id": "0b7df22099152acd1879dc0577977706981db5dfe49b63d0463b25ab06aaa8fb",
                "status": "running",
                "pid": 0,
                "bundle": ".",
                "annotations": {
                    "io.container.manager": "libpod",
                    "io.kubernetes.cri-o.Created": "2026-12-01T23:56:19.261587597Z",
                    "io.kubernetes.cri-o.TTY": "false",
                    "io.kubernetes.pod.name": "web-0",
                    "io.podman.annotations.autoremove": "FALSE",
                    "io.podman.annotations.init": "FALSE",
                    "io.podman.annotations.privileged": "FALSE",
                    "io.podman.annotations.publish-all": "FALSE",
                    "io.podman.annotations.seccomp": "/tmp/rtx/prof-fx.json",
                    "org.opencontainers.image.stopSignal": "15"
                }
            }
        }

        """;

    /// <summary>Every message above with its name and its length in bytes as captured (a check that no edit changed them).</summary>
    public static IReadOnlyList<RuntimeMessage> All { get; } =
    [
        new(nameof(Runc115Init), Runc115Init, 255),
        new(nameof(Runc115Exec), Runc115Exec, 254),
        new(nameof(Crun181Init), Crun181Init, 379),
        new(nameof(Crun181Exec), Crun181Exec, 360),
        new(nameof(Crun181InitBare), Crun181InitBare, 255),
        new(nameof(ContainerdRuncInit), ContainerdRuncInit, 315),
        new(nameof(ContainerdRuncExec), ContainerdRuncExec, 314),
        new(nameof(ContainerdCrunInit), ContainerdCrunInit, 441),
        new(nameof(ContainerdCrunExec), ContainerdCrunExec, 364),
        new(nameof(PodmanRuncInit), PodmanRuncInit, 799),
        new(nameof(PodmanRuncExec), PodmanRuncExec, 798),
        new(nameof(PodmanCrunInit), PodmanCrunInit, 1051),
        new(nameof(PodmanCrunExec), PodmanCrunExec, 938),
    ];

    /// <summary>Every message's bytes: the seeds of the parser and listener fuzz tests.</summary>
    public static IReadOnlyList<byte[]> Seeds { get; } = [.. All.Select(m => System.Text.Encoding.UTF8.GetBytes(m.Json))];
}
