// c-agent: the minimal seccomp user-notification agent that bench/run.sh compares
// seccomp-recorder against. It does the least an agent can do and still be correct:
// every notification is answered with SECCOMP_USER_NOTIF_FLAG_CONTINUE and counted.
//
//   agent [--poll] [--receivers N] SOCKET_PATH
//
// runc connects once per filter-installing process (OCI linux.seccomp.listenerPath) and sends the
// container process state JSON with the notify fd attached (SCM_RIGHTS); the JSON may span
// several writes, so we read until the JSON object is complete (runc never sends EOF: see
// json_complete). One thread per notify fd, answering in place. By default it blocks in
// SECCOMP_IOCTL_NOTIF_RECV and nothing else: since Linux 6.11 a RECV returns ENOENT once every task of
// the filter has exited, and ENOENT also means "the target was interrupted before we received"
// (a signal withdraws a notification without ending the filter), so on ENOENT it asks poll(0) for
// POLLHUP before giving up. --poll polls the fd before every RECV instead (the design that also
// works before 6.11, and what seccomp-recorder did until issue 13). SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
// (6.6+) makes the kernel wake the target on this CPU, which is what keeps a blocked-thread agent at
// ~6 us per round trip. --receivers N serves each fd with N threads, all blocking in RECV (the kernel
// hands each pending notification to one of them): whether that helps a multi-threaded container.
//
// stdout: "c-agent ready socket=PATH" once listening, "c-agent notifications=N" on SIGTERM/SIGINT.
// stderr: one line per container connection and per retired fd.
// Build: gcc -O2 -pthread -o agent agent.c

#define _GNU_SOURCE
#include <errno.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

// Debian 12's linux-libc-dev (6.1) predates these (added in 6.6, include/uapi/linux/seccomp.h).
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS _IOW(SECCOMP_IOC_MAGIC, 4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif
#ifndef SECCOMP_GET_NOTIF_SIZES
#define SECCOMP_GET_NOTIF_SIZES 3
#endif

enum {
    MAX_STATE_BYTES = 1 << 20, // runc's message is ~300 B; annotations can grow it, not to 1 MiB
    MAX_FDS = 64,
    RECV_TIMEOUT_SECONDS = 5,   // a runtime that connects and stalls must not block accept
};

static _Atomic uint64_t total_notifications;
static _Atomic int sync_wake_up_reported;
static size_t notif_size = sizeof(struct seccomp_notif);
static const char *socket_path;
static int poll_first; // --poll
static int receivers = 1; // --receivers

struct listener {
    int fd;
    _Atomic int threads; // serving threads left: the last one out closes fd and frees this
    char container[128];
};

static void listener_release(struct listener *l)
{
    if (atomic_fetch_sub(&l->threads, 1) == 1) {
        close(l->fd);
        free(l);
    }
}

// True when every task of the filter has exited (POLLHUP), or the fd is unusable.
static int hung_up(int fd)
{
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    return poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL));
}

// The next notification into req: 1 received, 0 nothing this time (try again), -1 the fd is done
// (*why says why). Blocks in RECV and nothing else.
static int next_blocking(int fd, struct seccomp_notif *req, const char **why)
{
    memset(req, 0, notif_size); // must be zeroed, EINVAL otherwise
    if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, req) == 0) {
        return 1;
    }
    if (errno == EINTR) {
        return 0;
    }
    if (errno == ENOENT) {
        // Withdrawn (the target was interrupted) or, since 6.11, every task is gone: only the
        // second is a hang-up.
        return hung_up(fd) ? -1 : 0;
    }
    *why = strerror(errno);
    return -1;
}

// The same, polling the fd before each RECV (works before 6.11 too: POLLHUP ends the loop).
static int next_after_poll(int fd, struct seccomp_notif *req, const char **why)
{
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    if (poll(&pfd, 1, -1) < 0) {
        if (errno == EINTR) {
            return 0;
        }
        *why = strerror(errno);
        return -1;
    }
    if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) {
        return -1;
    }
    if (!(pfd.revents & POLLIN)) {
        return 0;
    }
    memset(req, 0, notif_size);
    if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, req) == 0) {
        return 1;
    }
    if (errno == EINTR || errno == ENOENT) {
        // ENOENT: the target was interrupted between wake-up and receive. Transient; if every
        // task is gone the next poll reports POLLHUP.
        return 0;
    }
    *why = strerror(errno);
    return -1;
}

static void *serve(void *arg)
{
    struct listener *l = arg;
    int fd = l->fd;

    if (ioctl(fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, (__u64)SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP) == 0) {
        if (atomic_exchange(&sync_wake_up_reported, 1) == 0) {
            fprintf(stderr, "c-agent: SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP set\n");
        }
    } else {
        fprintf(stderr, "c-agent: container=%s SECCOMP_IOCTL_NOTIF_SET_FLAGS failed: %s (continuing)\n",
                l->container, strerror(errno));
    }

    // The kernel may grow seccomp_data; RECV writes what it has, so size by GET_NOTIF_SIZES.
    struct seccomp_notif *req = calloc(1, notif_size);
    if (req == NULL) {
        fprintf(stderr, "c-agent: out of memory\n");
        listener_release(l);
        return NULL;
    }
    struct seccomp_notif_resp resp;
    uint64_t handled = 0;
    const char *why = "hangup";

    for (;;) {
        int got = poll_first ? next_after_poll(fd, req, &why) : next_blocking(fd, req, &why);
        if (got < 0) {
            break;
        }
        if (got == 0) {
            continue;
        }
        handled++;
        atomic_fetch_add_explicit(&total_notifications, 1, memory_order_relaxed);
        resp.id = req->id;
        resp.val = 0;
        resp.error = 0;
        resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
        while (ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp) != 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno != ENOENT) { // ENOENT: target gone or interrupted, nothing to answer
                fprintf(stderr, "c-agent: container=%s NOTIF_SEND: %s\n", l->container, strerror(errno));
            }
            break;
        }
    }
    fprintf(stderr, "c-agent: container=%s fd retired (%s) notifications=%llu\n",
            l->container, why, (unsigned long long)handled);
    free(req);
    listener_release(l);
    return NULL;
}

// Finds `"key"` followed by `:` in json and returns a pointer just past the colon, or NULL.
// Good enough for runc/crun output (compact or pretty-printed); not a general JSON parser.
static const char *find_key(const char *json, const char *key)
{
    size_t klen = strlen(key);
    for (const char *p = json; (p = strchr(p, '"')) != NULL; p++) {
        if (strncmp(p + 1, key, klen) == 0 && p[1 + klen] == '"') {
            const char *q = p + 2 + klen;
            while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r') {
                q++;
            }
            if (*q == ':') {
                return q + 1;
            }
        }
    }
    return NULL;
}

static const char *skip_ws(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
        p++;
    }
    return p;
}

// Index of "seccompFd" in the "fds" array, -1 if absent or not exactly once.
static int seccomp_fd_index(const char *json)
{
    const char *p = find_key(json, "fds");
    if (p == NULL) {
        return -1;
    }
    p = skip_ws(p);
    if (*p++ != '[') {
        return -1;
    }
    int index = 0, found = -1;
    for (;;) {
        p = skip_ws(p);
        if (*p == ']') {
            return found;
        }
        if (*p++ != '"') {
            return -1;
        }
        const char *start = p;
        while (*p != '\0' && *p != '"') {
            p += (*p == '\\' && p[1] != '\0') ? 2 : 1;
        }
        if (*p != '"') {
            return -1;
        }
        if ((size_t)(p - start) == strlen("seccompFd") && strncmp(start, "seccompFd", 9) == 0) {
            if (found >= 0) {
                return -1;
            }
            found = index;
        }
        p = skip_ws(p + 1);
        index++;
        if (*p == ',') {
            p++;
        }
    }
}

static void container_id(const char *json, char *out, size_t size)
{
    snprintf(out, size, "?");
    const char *state = find_key(json, "state");
    const char *p = find_key(state != NULL ? state : json, "id");
    if (p == NULL) {
        return;
    }
    p = skip_ws(p);
    if (*p++ != '"') {
        return;
    }
    size_t n = 0;
    while (p[n] != '\0' && p[n] != '"' && n + 1 < size) {
        n++;
    }
    memcpy(out, p, n);
    out[n] = '\0';
}

// True once buf holds one complete top-level JSON object (braces balanced outside strings).
// runc never closes its end of the connection (1.1.5, as observed here; the same code is in the
// runc copies vendored by Kubernetes): sendContainerProcessState closes only the File() dup of
// the net.Conn, so EOF comes when runc exits. `runc run` stays alive until the container exits, and the container is blocked on its
// first notified syscall: waiting for EOF would deadlock. The JSON document delimits itself.
static int json_complete(const char *buf, size_t len)
{
    int depth = 0, in_string = 0, started = 0;
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        if (in_string) {
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                in_string = 0;
            }
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '{' || c == '[') {
            depth++;
            started = 1;
        } else if (c == '}' || c == ']') {
            if (--depth == 0 && started) {
                return 1;
            }
        }
    }
    return 0;
}

static void handle_connection(int conn)
{
    struct timeval tv = { .tv_sec = RECV_TIMEOUT_SECONDS };
    setsockopt(conn, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);

    char *json = malloc(MAX_STATE_BYTES + 1);
    int fds[MAX_FDS];
    int nfds = 0;
    size_t len = 0;
    const char *error = NULL;
    if (json == NULL) {
        error = "out of memory";
    }

    // Read until EOF or a complete JSON document (see json_complete); the document may span
    // several writes, fds may come with any recvmsg (runc: the first) and in several cmsgs.
    while (error == NULL) {
        union {
            char buf[CMSG_SPACE(sizeof(int) * MAX_FDS)];
            struct cmsghdr align;
        } control;
        struct iovec iov = { .iov_base = json + len, .iov_len = MAX_STATE_BYTES - len };
        struct msghdr msg = {
            .msg_iov = &iov,
            .msg_iovlen = 1,
            .msg_control = control.buf,
            .msg_controllen = sizeof control.buf,
        };
        if (iov.iov_len == 0) {
            error = "state JSON too large";
            break;
        }
        ssize_t n = recvmsg(conn, &msg, MSG_CMSG_CLOEXEC);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            error = strerror(errno);
            break;
        }
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
            if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) {
                continue;
            }
            size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            int *received = (int *)CMSG_DATA(c);
            for (size_t i = 0; i < count; i++) {
                int fd;
                memcpy(&fd, &received[i], sizeof fd);
                if (nfds < MAX_FDS) {
                    fds[nfds++] = fd;
                } else {
                    close(fd);
                    error = "too many fds";
                }
            }
        }
        if (msg.msg_flags & MSG_CTRUNC) {
            error = "control data truncated (MSG_CTRUNC)";
        }
        if (n == 0) {
            break;
        }
        len += (size_t)n;
        if (nfds > 0 && json_complete(json, len)) {
            break;
        }
    }

    int keep = -1;
    char id[128] = "?";
    if (error == NULL) {
        json[len] = '\0';
        container_id(json, id, sizeof id);
        int index = seccomp_fd_index(json);
        if (index < 0 || index >= nfds) {
            error = "no single \"seccompFd\" in fds[] matching the received fds";
        } else {
            keep = fds[index];
        }
    }
    // Close every other received fd by value (not by loop index: runc's and CRI-O's bug).
    for (int i = 0; i < nfds; i++) {
        if (fds[i] != keep) {
            close(fds[i]);
        }
    }
    free(json);
    close(conn);

    if (error != NULL) {
        fprintf(stderr, "c-agent: connection rejected: %s\n", error);
        return;
    }
    struct listener *l = calloc(1, sizeof *l);
    pthread_t thread;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (l == NULL) {
        fprintf(stderr, "c-agent: out of memory\n");
        close(keep);
    } else {
        l->fd = keep;
        atomic_init(&l->threads, receivers + 1); // + this function's reference, dropped below
        snprintf(l->container, sizeof l->container, "%s", id);
        for (int i = 0; i < receivers; i++) {
            int rc = pthread_create(&thread, &attr, serve, l);
            if (rc != 0) {
                fprintf(stderr, "c-agent: pthread_create: %s\n", strerror(rc));
                listener_release(l);
            }
        }
        fprintf(stderr, "c-agent: container=%s notify fd=%d receivers=%d\n", id, keep, receivers);
        listener_release(l);
    }
    pthread_attr_destroy(&attr);
}

int main(int argc, char **argv)
{
    int arg = 1;
    for (; arg < argc - 1; arg++) {
        if (strcmp(argv[arg], "--poll") == 0) {
            poll_first = 1;
        } else if (strcmp(argv[arg], "--receivers") == 0 && arg + 1 < argc - 1) {
            receivers = atoi(argv[++arg]);
            if (receivers < 1 || receivers > 16) {
                fprintf(stderr, "c-agent: --receivers must be 1 to 16\n");
                return 2;
            }
        } else {
            break;
        }
    }
    if (arg != argc - 1 || argv[arg][0] == '-') {
        fprintf(stderr, "usage: %s [--poll] [--receivers N] SOCKET_PATH\n", argv[0]);
        return 2;
    }
    socket_path = argv[arg];

    struct { __u16 notif, resp, data; } sizes;
    if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) == 0 && sizes.notif > notif_size) {
        notif_size = sizes.notif;
    }

    // Signals are read from a signalfd in the accept loop; blocked before any thread exists
    // so that every thread inherits the mask.
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    pthread_sigmask(SIG_BLOCK, &mask, NULL);
    int sfd = signalfd(-1, &mask, SFD_CLOEXEC);
    if (sfd < 0) {
        perror("c-agent: signalfd");
        return 1;
    }

    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    if (strlen(socket_path) >= sizeof addr.sun_path) {
        fprintf(stderr, "c-agent: socket path too long\n");
        return 2;
    }
    strcpy(addr.sun_path, socket_path);
    int lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (lfd < 0) {
        perror("c-agent: socket");
        return 1;
    }
    unlink(socket_path);
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(lfd, 128) != 0) {
        fprintf(stderr, "c-agent: bind/listen %s: %s\n", socket_path, strerror(errno));
        return 1;
    }
    printf("c-agent ready socket=%s mode=%s receivers=%d\n", socket_path, poll_first ? "poll" : "recv", receivers);
    fflush(stdout);

    for (;;) {
        struct pollfd pfds[2] = { { .fd = lfd, .events = POLLIN }, { .fd = sfd, .events = POLLIN } };
        if (poll(pfds, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            perror("c-agent: poll");
            return 1;
        }
        if (pfds[1].revents & POLLIN) {
            break;
        }
        if (pfds[0].revents & POLLIN) {
            int conn = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
            if (conn < 0) {
                if (errno != EINTR && errno != ECONNABORTED && errno != EAGAIN) {
                    perror("c-agent: accept4");
                }
                continue;
            }
            handle_connection(conn);
        }
    }
    unlink(socket_path);
    printf("c-agent notifications=%llu\n",
           (unsigned long long)atomic_load(&total_notifications));
    fflush(stdout);
    // Serving threads are detached and blocked in RECV or poll: exit the process without joining them.
    _exit(0);
}
