#!/usr/bin/env python3
# Records what OCI runtimes send on a seccomp listener socket: point a profile's listenerPath at SOCKET, run containers
# and execs, and each connection's bytes land in OUT.N (N counting connections), with a line per connection in
# OUT.log: the time and size of each recvmsg (a 0 is EOF) and how many fds came. Every notify fd received is answered
# with CONTINUE until it hangs up, so the containers run as without us. Not a test: how the fixtures in
# tests/Recorder.Tests/Agent/RuntimeMessages.cs were captured. Root, python3 only.
#   tests/helpers/capture-listener.py SOCKET OUT     (CAPT=SECONDS: how long a connection may stay silent, default 3)
import socket, sys, os, array, time, threading, fcntl, struct, select
path = sys.argv[1]; out = sys.argv[2]
try: os.unlink(path)
except FileNotFoundError: pass
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.bind(path); s.listen(16)
# SECCOMP_IOCTL_NOTIF_RECV/SEND; struct seccomp_notif is 80 bytes, seccomp_notif_resp {u64 id, s64 val, s32 error,
# u32 flags}, flags 1 = SECCOMP_USER_NOTIF_FLAG_CONTINUE.
RECV = 0xC0502100; SEND = 0xC0182101
def serve(fd):
    while True:
        r = select.poll(); r.register(fd, select.POLLIN)
        ev = r.poll()
        if ev and ev[0][1] & select.POLLHUP: break
        buf = bytearray(80)
        try: fcntl.ioctl(fd, RECV, buf)
        except OSError: continue
        nid = struct.unpack_from('Q', buf, 0)[0]
        try: fcntl.ioctl(fd, SEND, struct.pack('QqiI', nid, 0, 0, 1))
        except OSError: pass
    os.close(fd)
def handle(c, n):
    c.settimeout(float(os.environ.get("CAPT", "3")))
    data = b''; fds = []; chunks = []; t0 = time.time()
    try:
        while True:
            msg, anc, flags, addr = c.recvmsg(65536, socket.CMSG_SPACE(16*4))
            for lvl, typ, d in anc:
                if lvl == socket.SOL_SOCKET and typ == socket.SCM_RIGHTS:
                    a = array.array('i'); a.frombytes(d[:len(d) - len(d) % 4]); fds += list(a)
                    for f in a: threading.Thread(target=serve, args=(f,), daemon=True).start()
            chunks.append((round(time.time()-t0, 2), len(msg)))
            if not msg: break
            data += msg
    except socket.timeout:
        pass
    with open('%s.%d' % (out, n), 'wb') as f: f.write(data)
    with open(out + '.log', 'a') as f: f.write('conn %d chunks=%s nfds=%d\n' % (n, chunks, len(fds)))
    c.close()
n = 0
while True:
    c, _ = s.accept(); n += 1
    threading.Thread(target=handle, args=(c, n), daemon=True).start()
