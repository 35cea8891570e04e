#!/usr/bin/python3
"""The parts of systemd's service manager that a Type=notify service with FileDescriptorStoreMax= sees.

    fake_systemd.py LOGFILE -- COMMAND [ARGS...]

Runs COMMAND as the service, with NOTIFY_SOCKET pointing at our datagram socket, and its stdout/stderr
appended to LOGFILE. As systemd 252 does (sd_notify(3), sd_listen_fds(3), systemd.io/FILE_DESCRIPTOR_STORE):
  - READY=1 marks the start done; MAINPID= is noted.
  - FDSTORE=1 with FDNAME=NAME keeps every fd of the message under NAME, unless it holds that file already; FDSTOREREMOVE=1 with FDNAME=NAME
    closes and forgets every fd under NAME. Fds stay in the store across restarts.
  - a (re)start passes the stored fds, in the order they were stored, as fds 3.. with LISTEN_PID (the child's
    pid, set after fork), LISTEN_FDS and LISTEN_FDNAMES (colon-separated).
Commands on stdin, one per line: "restart" (SIGTERM, wait for the exit, start again with the store),
"crash" (SIGKILL, then 1 s later start again with the store, as Restart=on-failure with RestartSec=1s does), "stop" (SIGTERM, wait, close
the store, exit), "kill" (SIGKILL, no restart: the store stays) and "start" (start again with the store, after
"kill": a RestartSec as long as the test needs), "upgrade PATH" (later starts run PATH in place of COMMAND's program, as
when a package upgrade replaces the binary ExecStart= names; nothing is restarted). Events on stdout, one per line: READY PID, STORED NAME,
DUPLICATE NAME, REMOVED NAME, EXITED PID CODE, NOTIFY TEXT (any other message).
Only the test suite uses this; it exists because CI has no systemd as pid 1.
"""
import array
import ctypes
import errno
import os
import select
import signal
import socket
import sys
import tempfile
import time

log_path = sys.argv[1]
assert sys.argv[2] == "--"
command = sys.argv[3:]

workdir = tempfile.mkdtemp(prefix="fake-systemd-")
notify_path = os.path.join(workdir, "notify")
notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
notify.bind(notify_path)
# systemd's notify socket delivers the sender's credentials; our daemon does not depend on them.

store = []  # [(name, fd)] in the order stored


libc = ctypes.CDLL(None, use_errno=True)
SYS_kcmp = 312  # x86_64
KCMP_FILE = 0


def same_file(a, b):
    """systemd's same_fd(): kcmp(KCMP_FILE) compares the open files. fstat alone cannot tell them apart: every seccomp
    notify fd (and every other anon_inode fd) has the one inode of the kernel's anon_inode mount."""
    pid = os.getpid()
    r = libc.syscall(ctypes.c_long(SYS_kcmp), ctypes.c_long(pid), ctypes.c_long(pid), ctypes.c_long(KCMP_FILE), ctypes.c_long(a), ctypes.c_long(b))
    if r >= 0:
        return r == 0
    if ctypes.get_errno() not in (errno.ENOSYS, errno.EPERM):
        raise OSError(ctypes.get_errno(), "kcmp")
    sa, sb = os.fstat(a), os.fstat(b)
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


# Unbuffered: a buffered reader could hold a second command that select() then never reports.
commands = os.fdopen(sys.stdin.fileno(), "rb", buffering=0)


def emit(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def start():
    fds = [fd for _, fd in store]
    names = [name for name, _ in store]
    pid = os.fork()
    if pid == 0:
        try:
            # Out of the way first, so that moving them to 3.. never overwrites one not yet moved.
            high = []
            for i, fd in enumerate(fds):
                os.dup2(fd, 1000 + i, inheritable=False)
                high.append(1000 + i)
            for i, fd in enumerate(high):
                os.dup2(fd, 3 + i, inheritable=True)
            out = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            os.dup2(out, 1)
            os.dup2(out, 2)
            env = dict(os.environ)
            env["NOTIFY_SOCKET"] = notify_path
            for key in ("LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"):
                env.pop(key, None)
            if fds:
                env["LISTEN_PID"] = str(os.getpid())
                env["LISTEN_FDS"] = str(len(fds))
                env["LISTEN_FDNAMES"] = ":".join(names)
            os.closerange(3 + len(fds), 65536)
            os.execve(command[0], command, env)
        finally:
            os._exit(127)
    return pid


def receive():
    fds = array.array("i")
    data, ancdata, _, _ = notify.recvmsg(65536, socket.CMSG_SPACE(253 * fds.itemsize), socket.MSG_CMSG_CLOEXEC)
    for level, kind, cdata in ancdata:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(cdata[: len(cdata) - (len(cdata) % fds.itemsize)])
    fields = {}
    for line in data.decode().split("\n"):
        if "=" in line:
            key, value = line.split("=", 1)
            fields[key] = value
    return fields, list(fds)


def handle(fields, fds, pid):
    if fields.get("FDSTORE") == "1":
        name = fields.get("FDNAME", "stored")
        for fd in fds:
            # systemd keeps one copy of a file: a push of one it holds already (same_fd) is dropped.
            if any(same_file(fd, kept) for _, kept in store):
                os.close(fd)
                emit("DUPLICATE " + name)
                continue
            store.append((name, fd))
            emit("STORED " + name)
        return
    for fd in fds:
        os.close(fd)  # fds without FDSTORE=1 are refused and closed, as systemd does
    if fields.get("FDSTOREREMOVE") == "1":
        name = fields.get("FDNAME", "")
        for stored_name, fd in [entry for entry in store if entry[0] == name]:
            os.close(fd)
        store[:] = [entry for entry in store if entry[0] != name]
        emit("REMOVED " + name)
    if fields.get("READY") == "1":
        emit("READY %d" % pid)
    for key in ("STOPPING", "WATCHDOG", "STATUS", "MAINPID"):
        if key in fields:
            emit("NOTIFY %s=%s" % (key, fields[key]))


def wait_exit(pid):
    """SIGTERM sent: keep reading notifications (the fd store fills now) until the main process exits."""
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            # Whatever it sent just before exiting is still queued.
            while select.select([notify], [], [], 0)[0]:
                handle(*receive(), pid)
            emit("EXITED %d %d" % (pid, os.waitstatus_to_exitcode(status)))
            return
        if select.select([notify], [], [], 0.05)[0]:
            handle(*receive(), pid)


pid = start()
while True:
    ready, _, _ = select.select([notify, commands], [], [], 0.2)
    if notify in ready:
        handle(*receive(), pid)
    if commands in ready:
        line = commands.readline().decode().strip()
        if line.startswith("upgrade "):
            command[0] = line[len("upgrade "):]
            continue
        if line == "kill":
            os.kill(pid, signal.SIGKILL)
            wait_exit(pid)
            pid = None
            continue
        if line == "start" and pid is None:
            pid = start()
            continue
        if line in ("restart", "crash", "stop", ""):
            if pid is not None:
                os.kill(pid, signal.SIGKILL if line == "crash" else signal.SIGTERM)
                wait_exit(pid)
            if line in ("restart", "crash"):
                if line == "crash":
                    time.sleep(1.0)  # RestartSec=1s, as deploy/systemd/seccomp-recorder.service sets it
                pid = start()
                continue
            for _, fd in store:
                os.close(fd)
            store.clear()
            os.unlink(notify_path)
            os.rmdir(workdir)
            sys.exit(0)
    if pid is None:
        continue
    done, status = os.waitpid(pid, os.WNOHANG)
    if done == pid:
        emit("EXITED %d %d" % (pid, os.waitstatus_to_exitcode(status)))
        sys.exit(1)
