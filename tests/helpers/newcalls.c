// newcalls: syscalls newer than libseccomp 2.5.4 (statmount, listmount, mseal...) notified to the daemon from inside a
// container (issue 15, done-when "a new syscall named on every arch").
//
// runc 1.1.5 skips every profile name its libseccomp (2.5.4 here) cannot resolve, so under the template these calls are
// never SCMP_ACT_NOTIFY: they fall to its default action and the daemon never sees them. This helper does what runc
// would do with a libseccomp that knew them: it installs a filter that sends the given raw numbers to a listener
// (SECCOMP_FILTER_FLAG_NEW_LISTENER) and hands the fd to the daemon as runc 1.1.5 does (one sendmsg: the state JSON
// and the fd in SCM_RIGHTS), then makes each call through syscall(2) with zero arguments.
//
//   newcalls LISTENER_SOCKET ID NR...     NR decimal or 0x hex; on x86_64, 0x40000000 | n is the x32 call n
//
// The filter, for this build's arch (AUDIT_ARCH_X86_64; AUDIT_ARCH_I386 built -m32): NR... -> SECCOMP_RET_USER_NOTIF,
// everything else ALLOW. Output: "nr N ok" or "nr N errno E" per call (what the kernel answered once the daemon let the
// call continue), then "newcalls done". The state's pid is opened by the daemon: run it in the host's pid namespace.
// The kernel refuses a second listener in one filter chain (EBUSY), so the container must have no notify profile.
// Built static by tests/helpers/build.sh.

#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_NUMBERS 16

#if defined(__x86_64__)
#define NATIVE_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__i386__)
#define NATIVE_AUDIT_ARCH AUDIT_ARCH_I386
#else
#error "newcalls is built for x86_64 and i386"
#endif

static int fail(const char *what)
{
    fprintf(stderr, "newcalls: %s: %s\n", what, strerror(errno));
    return 1;
}

static int install_filter(const long *numbers, int count)
{
    // arch check, nr load, one jeq per number, ALLOW, USER_NOTIF.
    struct sock_filter code[4 + MAX_NUMBERS + 2];
    int n = 0;
    code[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
    code[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_AUDIT_ARCH, 1, 0);
    code[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    code[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
    for (int i = 0; i < count; i++) {
        // Equal: jump over the remaining comparisons and the ALLOW to the USER_NOTIF.
        code[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)numbers[i], (unsigned char)(count - i), 0);
    }
    code[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    code[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF);
    struct sock_fprog prog = { .len = (unsigned short)n, .filter = code };
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        return -1;
    }
    return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
}

// runc's utils.SendFds: one sendmsg, the whole JSON as data, the fd as SCM_RIGHTS.
static int hand_over(const char *listener_path, const char *id, int fd)
{
    char json[512];
    int pid = (int)getpid();
    int len = snprintf(json, sizeof json,
                       "{\"ociVersion\":\"1.0.2\",\"fds\":[\"seccompFd\"],\"pid\":%d,\"metadata\":\"policy=record\","
                       "\"state\":{\"ociVersion\":\"1.0.2\",\"id\":\"%s\",\"status\":\"creating\",\"pid\":%d,\"bundle\":\"/newcalls\"}}",
                       pid, id, pid);
    if (len < 0 || (size_t)len >= sizeof json) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    if (sock < 0 || strlen(listener_path) >= sizeof addr.sun_path) {
        return -1;
    }
    strcpy(addr.sun_path, listener_path);
    if (connect(sock, (struct sockaddr *)&addr, sizeof addr) != 0) {
        return -1;
    }
    struct iovec iov = { .iov_base = json, .iov_len = (size_t)len };
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = sizeof control.buf };
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cmsg), &fd, sizeof fd);
    if (sendmsg(sock, &msg, MSG_NOSIGNAL) != len) {
        return -1;
    }
    // Like runc: our copy of the fd goes, the connection stays open until we exit.
    close(fd);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 4 || argc - 3 > MAX_NUMBERS) {
        fprintf(stderr, "usage: newcalls LISTENER_SOCKET ID NR... (at most %d numbers)\n", MAX_NUMBERS);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    long numbers[MAX_NUMBERS];
    int count = argc - 3;
    for (int i = 0; i < count; i++) {
        numbers[i] = strtol(argv[3 + i], NULL, 0);
    }
    int fd = install_filter(numbers, count);
    if (fd < 0) {
        return fail("seccomp(SECCOMP_FILTER_FLAG_NEW_LISTENER)");
    }
    if (hand_over(argv[1], argv[2], fd) != 0) {
        return fail("handing the notify fd over");
    }
    for (int i = 0; i < count; i++) {
        long result = syscall(numbers[i], 0, 0, 0, 0, 0, 0);
        if (result < 0) {
            printf("nr %ld errno %d\n", numbers[i], errno);
        } else {
            printf("nr %ld ok\n", numbers[i]);
        }
    }
    printf("newcalls done\n");
    return 0;
}
