// notifyhand: N processes, each with its own seccomp notify fd handed to an OCI seccomp agent
// exactly as runc 1.1.5 hands it over, all attached at the same time, then K notified getppid each.
//
//   notifyhand LISTENER_SOCKET N K ID_PREFIX
//
// Each of the N children (forked by this parent):
//   1. sets PR_SET_NO_NEW_PRIVS and installs a filter with SECCOMP_FILTER_FLAG_NEW_LISTENER:
//      a foreign arch is killed, getppid -> SECCOMP_RET_USER_NOTIF, everything else ALLOW;
//   2. connects to LISTENER_SOCKET and sends what runc's sendContainerProcessState sends: ONE
//      sendmsg carrying the JSON state (ociVersion 1.0.2, fds ["seccompFd"], its own pid, status
//      "creating", id ID_PREFIX-INDEX) and the notify fd in SCM_RIGHTS; then closes its copy of
//      the fd and, like runc, keeps the connection open (until it exits);
//   3. waits on the barrier; then calls getppid K times through syscall(2) and exits.
//
// Protocol with the caller (the integration test), one line each on stdout:
//   "attached N"                  once all N children have sent their fd (connections open);
//   the caller then writes any line to stdin to release the barrier (EOF on stdin instead:
//   abort, the children are killed, exit 1);
//   "child I pid P id ID ok=A errors=E last_errno=X" per child, in index order;
//   "done N children K calls: F failed" and exit 0 if every child made K successful calls.
// Any failure before "attached" is "failed: ..." on stderr and exit 1. errors>0 with
// last_errno=38 (ENOSYS) means the agent closed that child's notify fd.
// NOTIFYHAND_OCI_VERSION sets the ociVersion sent; NOTIFYHAND_EXECS=1 makes one container of the children as runc
// 1.2+ hands it over (child 0 the init with id ID_PREFIX, the others execs: status "running", state.pid the init's).
// With NOTIFYHAND_SEND_DELAY_MS set, each child waits that long between connect and sendmsg, as crun
// does between create and start. NOTIFYHAND_ANNOTATION_BYTES=N adds one annotation "big" whose value is N bytes;
// NOTIFYHAND_METADATA_BYTES=N sends a listenerMetadata of N bytes instead of "notifyhand" (the API's size tests).
// Children die with the parent (PR_SET_PDEATHSIG), so a killed test leaves nothing behind.
// Built static by tests/helpers/build.sh.

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CHILDREN 100000
#define MAX_PREFIX 200
// How long the parent waits for the children's reports, per phase.
#define PHASE_TIMEOUT_MS (120 * 1000)

// What a child writes to the parent: one record per phase, smaller than PIPE_BUF, so
// concurrent writes from many children never interleave.
struct report {
    uint32_t index;
    int32_t failed_errno; // attach phase: 0 or the errno of the failed step
    uint32_t step;        // attach phase: which step failed (enum step)
    uint64_t ok;
    uint64_t errors;
    int32_t last_errno;
};

enum step { STEP_NONE, STEP_PRCTL, STEP_SECCOMP, STEP_SOCKET, STEP_CONNECT, STEP_SENDMSG, STEP_BARRIER };
static const char *const step_names[] = {
    "none", "prctl(PR_SET_NO_NEW_PRIVS)", "seccomp(NEW_LISTENER)", "socket", "connect", "sendmsg", "barrier read",
};

static int install_filter(void)
{
    struct sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_getppid, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = { .len = sizeof code / sizeof code[0], .filter = code };
    return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
}

// A byte count from the environment; 0 when unset or not a number.
static size_t size_from_env(const char *name)
{
    const char *value = getenv(name);
    return value == NULL ? 0 : (size_t)strtoull(value, NULL, 10);
}

// n bytes of c and a NUL, or NULL.
static char *filled(char c, size_t n)
{
    char *text = malloc(n + 1);
    if (text != NULL) {
        memset(text, c, n);
        text[n] = '\0';
    }
    return text;
}

// One sendmsg: the whole JSON as the data, the fd as SCM_RIGHTS (runc's utils.SendFds).
static int send_state(int sock, const char *json, size_t len, int fd)
{
    struct iovec iov = { .iov_base = (void *)json, .iov_len = len };
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr msg = {
        .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = sizeof control.buf,
    };
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cmsg), &fd, sizeof fd);
    ssize_t sent;
    do {
        sent = sendmsg(sock, &msg, MSG_NOSIGNAL);
    } while (sent == -1 && errno == EINTR);
    if (sent == -1) {
        return -1;
    }
    if ((size_t)sent != len) {
        errno = EMSGSIZE; // a stream socket may send less; runc treats that as an error too
        return -1;
    }
    return 0;
}

static int write_report(int fd, const struct report *r)
{
    ssize_t n;
    do {
        n = write(fd, r, sizeof *r);
    } while (n == -1 && errno == EINTR);
    return n == (ssize_t)sizeof *r ? 0 : -1;
}

static void child_fail(int ready_fd, struct report *r, enum step step)
{
    r->failed_errno = errno != 0 ? errno : EIO;
    r->step = step;
    (void)write_report(ready_fd, r);
    _exit(1);
}

static void child(uint32_t index, const char *socket_path, uint64_t calls, const char *prefix, int ready_fd,
                  int barrier_fd, int result_fd, pid_t parent, pid_t first_child)
{
    struct report r = { .index = index };
    // Die with the parent; if it died before this prctl, its pid is gone already.
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 || getppid() != parent) {
        _exit(1);
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1) {
        child_fail(ready_fd, &r, STEP_PRCTL);
    }
    int listener = install_filter();
    if (listener == -1) {
        child_fail(ready_fd, &r, STEP_SECCOMP);
    }
    int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (sock == -1) {
        child_fail(ready_fd, &r, STEP_SOCKET);
    }
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    memcpy(addr.sun_path, socket_path, strlen(socket_path) + 1);
    int rc;
    do {
        rc = connect(sock, (struct sockaddr *)&addr, sizeof addr);
    } while (rc == -1 && errno == EINTR);
    if (rc == -1) {
        child_fail(ready_fd, &r, STEP_CONNECT);
    }
    // NOTIFYHAND_SEND_DELAY_MS: connected, say nothing for a while, as crun does between create and start.
    const char *delay = getenv("NOTIFYHAND_SEND_DELAY_MS");
    if (delay != NULL && *delay != '\0') {
        long ms = strtol(delay, NULL, 10);
        struct timespec wait = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };
        while (nanosleep(&wait, &wait) == -1 && errno == EINTR) {
        }
    }
    pid_t pid = getpid();
    // NOTIFYHAND_OCI_VERSION: the ociVersion sent (runc 1.4 and 1.5 send "1.3.0"). NOTIFYHAND_EXECS=1: one
    // container, as runc 1.2+ hands it over: child 0 its init ("creating", id PREFIX), every other child an exec into
    // it ("running", its own pid, state.pid the init's).
    const char *oci = getenv("NOTIFYHAND_OCI_VERSION");
    if (oci == NULL || *oci == '\0' || strlen(oci) > 32 || strpbrk(oci, "\"\\") != NULL) {
        oci = "1.0.2";
    }
    const char *execs = getenv("NOTIFYHAND_EXECS");
    int as_exec = execs != NULL && strcmp(execs, "1") == 0;
    char id[MAX_PREFIX + 16];
    if (as_exec) {
        snprintf(id, sizeof id, "%s", prefix);
    } else {
        snprintf(id, sizeof id, "%s-%" PRIu32, prefix, index);
    }
    int is_exec = as_exec && index > 0;
    size_t annotation_bytes = size_from_env("NOTIFYHAND_ANNOTATION_BYTES");
    size_t metadata_bytes = size_from_env("NOTIFYHAND_METADATA_BYTES");
    char *annotation = filled('a', annotation_bytes);
    char *metadata = metadata_bytes > 0 ? filled('m', metadata_bytes) : strdup("notifyhand");
    size_t size = 512 + MAX_PREFIX + annotation_bytes + metadata_bytes;
    char *json = malloc(size);
    if (annotation == NULL || metadata == NULL || json == NULL) {
        child_fail(ready_fd, &r, STEP_SENDMSG);
    }
    int len = snprintf(json, size,
                       "{\"ociVersion\":\"%s\",\"fds\":[\"seccompFd\"],\"pid\":%d,\"metadata\":\"%s\","
                       "\"state\":{\"ociVersion\":\"%s\",\"id\":\"%s\",\"status\":\"%s\",\"pid\":%d,"
                       "\"bundle\":\"/x\",\"annotations\":{%s%s%s}}}",
                       oci, (int)pid, metadata, oci, id, is_exec ? "running" : "creating", (int)(is_exec ? first_child : pid),
                       annotation_bytes > 0 ? "\"big\":\"" : "", annotation, annotation_bytes > 0 ? "\"" : "");
    if (send_state(sock, json, (size_t)len, listener) == -1) {
        child_fail(ready_fd, &r, STEP_SENDMSG);
    }
    free(json);
    free(metadata);
    free(annotation);
    // runc closes its copy once sent; the agent's copy is now the only one.
    close(listener);
    if (write_report(ready_fd, &r) == -1) {
        _exit(1);
    }
    close(ready_fd);

    char byte;
    ssize_t n;
    do {
        n = read(barrier_fd, &byte, 1);
    } while (n == -1 && errno == EINTR);
    if (n != 0) {
        // The parent only ever closes the barrier: data or an error is a broken protocol.
        r.failed_errno = n == -1 ? errno : EPROTO;
        r.step = STEP_BARRIER;
        (void)write_report(result_fd, &r);
        _exit(1);
    }
    close(barrier_fd);

    for (uint64_t i = 0; i < calls; i++) {
        if (syscall(SYS_getppid) == -1) {
            r.errors++;
            r.last_errno = errno;
        } else {
            r.ok++;
        }
    }
    // The connection stays open until here, as runc's stays open until `runc run` exits.
    close(sock);
    _exit(write_report(result_fd, &r) == 0 && r.errors == 0 ? 0 : 1);
}

// Reads exactly `count` reports into `by_index` (marking `seen`), waiting at most PHASE_TIMEOUT_MS
// for each. Returns the number read.
static size_t read_reports(int fd, size_t count, struct report *by_index, unsigned char *seen, size_t n)
{
    size_t got = 0;
    while (got < count) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        int ready = poll(&p, 1, PHASE_TIMEOUT_MS);
        if (ready == -1 && errno == EINTR) {
            continue;
        }
        if (ready <= 0) {
            break;
        }
        struct report r;
        ssize_t k = read(fd, &r, sizeof r);
        if (k == -1 && errno == EINTR) {
            continue;
        }
        if (k != (ssize_t)sizeof r) {
            break; // EOF: every writer is gone
        }
        if (r.index < n && !seen[r.index]) {
            by_index[r.index] = r;
            seen[r.index] = 1;
            got++;
        }
    }
    return got;
}

static void kill_all(const pid_t *pids, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (pids[i] > 0) {
            kill(pids[i], SIGKILL);
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (pids[i] > 0) {
            waitpid(pids[i], NULL, 0);
        }
    }
}

static int parse_count(const char *text, uint64_t max, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno != 0 || *end != '\0' || text[0] == '\0' || text[0] == '-' || v == 0 || v > max) {
        return -1;
    }
    *out = v;
    return 0;
}

static void usage(void)
{
    fprintf(stderr, "usage: notifyhand LISTENER_SOCKET N K ID_PREFIX\n"
                    "  N children (1-%d) each hand a notify fd to LISTENER_SOCKET as runc does, print\n"
                    "  \"attached N\", wait for a line on stdin, then make K notified getppid each\n",
            MAX_CHILDREN);
    exit(2);
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        usage();
    }
    const char *socket_path = argv[1];
    const char *prefix = argv[4];
    uint64_t n64, calls;
    if (strlen(socket_path) >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
        fprintf(stderr, "notifyhand: socket path longer than %zu bytes\n", sizeof(((struct sockaddr_un *)0)->sun_path) - 1);
        return 2;
    }
    if (parse_count(argv[2], MAX_CHILDREN, &n64) == -1) {
        fprintf(stderr, "notifyhand: bad N '%s' (1-%d)\n", argv[2], MAX_CHILDREN);
        usage();
    }
    if (parse_count(argv[3], UINT64_MAX, &calls) == -1) {
        fprintf(stderr, "notifyhand: bad K '%s' (a positive integer)\n", argv[3]);
        usage();
    }
    size_t prefix_len = strlen(prefix);
    if (prefix_len == 0 || prefix_len > MAX_PREFIX || strpbrk(prefix, "\"\\/") != NULL) {
        fprintf(stderr, "notifyhand: ID_PREFIX must be 1-%d characters without '\"', '\\' or '/'\n", MAX_PREFIX);
        return 2;
    }
    for (const char *c = prefix; *c != '\0'; c++) {
        if ((unsigned char)*c < 0x20) {
            fprintf(stderr, "notifyhand: ID_PREFIX has a control character\n");
            return 2;
        }
    }
    size_t n = (size_t)n64;
    setvbuf(stdout, NULL, _IOLBF, 0);

    int ready[2], barrier[2], result[2];
    if (pipe2(ready, O_CLOEXEC) == -1 || pipe2(barrier, O_CLOEXEC) == -1 || pipe2(result, O_CLOEXEC) == -1) {
        perror("notifyhand: pipe2");
        return 1;
    }
    pid_t *pids = calloc(n, sizeof *pids);
    struct report *reports = calloc(n, sizeof *reports);
    unsigned char *seen = calloc(n, 1);
    if (pids == NULL || reports == NULL || seen == NULL) {
        fprintf(stderr, "notifyhand: out of memory for %zu children\n", n);
        return 1;
    }
    pid_t self = getpid();
    for (size_t i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid == -1) {
            fprintf(stderr, "failed: fork of child %zu: %s\n", i, strerror(errno));
            kill_all(pids, i);
            return 1;
        }
        if (pid == 0) {
            close(ready[0]);
            close(barrier[1]);
            close(result[0]);
            child((uint32_t)i, socket_path, calls, prefix, ready[1], barrier[0], result[1], self, i == 0 ? 0 : pids[0]);
        }
        pids[i] = pid;
    }
    close(ready[1]);
    close(barrier[0]);
    close(result[1]);

    size_t attached = read_reports(ready[0], n, reports, seen, n);
    size_t attach_failures = 0;
    for (size_t i = 0; i < n; i++) {
        if (!seen[i]) {
            fprintf(stderr, "failed: child %zu (pid %d) did not report its hand-over\n", i, (int)pids[i]);
            attach_failures++;
        } else if (reports[i].failed_errno != 0) {
            uint32_t s = reports[i].step < sizeof step_names / sizeof step_names[0] ? reports[i].step : 0;
            fprintf(stderr, "failed: child %zu (pid %d): %s: %s\n", i, (int)pids[i], step_names[s],
                    strerror(reports[i].failed_errno));
            attach_failures++;
        }
    }
    if (attached != n || attach_failures > 0) {
        fprintf(stderr, "failed: %zu of %zu children could not hand over their notify fd\n", attach_failures, n);
        kill_all(pids, n);
        return 1;
    }
    printf("attached %zu\n", n);

    char line[64];
    if (fgets(line, sizeof line, stdin) == NULL) {
        fprintf(stderr, "failed: stdin closed before the release line: killing the children\n");
        kill_all(pids, n);
        return 1;
    }
    memset(seen, 0, n);
    memset(reports, 0, n * sizeof *reports);
    close(barrier[1]); // the release: every child's read returns 0

    size_t finished = read_reports(result[0], n, reports, seen, n);
    if (finished != n) {
        fprintf(stderr, "failed: only %zu of %zu children reported their calls\n", finished, n);
        kill_all(pids, n);
    }
    size_t failed = 0;
    for (size_t i = 0; i < n; i++) {
        int status = 0;
        pid_t waited;
        do {
            waited = waitpid(pids[i], &status, 0);
        } while (waited == -1 && errno == EINTR);
        int exited_ok = waited == pids[i] && WIFEXITED(status) && WEXITSTATUS(status) == 0;
        const struct report *r = &reports[i];
        if (!seen[i] || r->failed_errno != 0 || r->errors != 0 || r->ok != calls || !exited_ok) {
            failed++;
        }
        if (seen[i] && r->failed_errno != 0) {
            printf("child %zu pid %d id %s-%zu failed: %s: %s\n", i, (int)pids[i], prefix, i,
                   step_names[r->step < sizeof step_names / sizeof step_names[0] ? r->step : 0], strerror(r->failed_errno));
        } else if (seen[i]) {
            printf("child %zu pid %d id %s-%zu ok=%" PRIu64 " errors=%" PRIu64 " last_errno=%d\n", i, (int)pids[i],
                   prefix, i, r->ok, r->errors, r->last_errno);
        } else {
            printf("child %zu pid %d id %s-%zu no report (status 0x%x)\n", i, (int)pids[i], prefix, i, status);
        }
    }
    printf("done %zu children %" PRIu64 " calls: %zu failed\n", n, calls, failed);
    return failed == 0 ? 0 : 1;
}
