// denials: calls that enforcing profiles deny, each answer printed, for the tests of the daemon answering as the source
// profile would (issue 16).
//
//   denials runtime-default  keyctl, unshare(CLONE_NEWUSER), personality(PER_BSD), personality(0xffffffff): what
//                            docker's default profile denies (the last is allowed by its argument rule)
//   denials clone3           clone3 as glibc makes it, and clone when clone3 fails with ENOSYS, as glibc falls back
//   denials files            mkdir, rmdir, chmod, getppid; exits with the number of calls that failed
//   denials uname            uname, then "survived" (a KILL rule ends the process before)
//
// One line per call on stdout: "NAME ret=R errno=E" (errno 0 when the call succeeded). Raw syscall() throughout so
// that libc makes no other call than the one named.

#define _GNU_SOURCE
#include <errno.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#define KEYCTL_GET_KEYRING_ID 0
#define KEY_SPEC_SESSION_KEYRING (-3)
#define PER_BSD 0x0006

static int failed;

static long report(const char *name, long ret)
{
    int error = ret < 0 ? errno : 0;
    failed += ret < 0;
    printf("%s ret=%ld errno=%d\n", name, ret < 0 ? -1 : ret, error);
    fflush(stdout);
    return ret;
}

static void runtime_default(void)
{
    report("keyctl", syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0));
    report("unshare", syscall(SYS_unshare, CLONE_NEWUSER));
    report("personality(PER_BSD)", syscall(SYS_personality, PER_BSD));
    report("personality(0xffffffff)", syscall(SYS_personality, 0xffffffffUL));
}

static int clone3_then_clone(void)
{
    struct clone_args args;
    memset(&args, 0, sizeof args);
    args.exit_signal = SIGCHLD;
    long pid = syscall(SYS_clone3, &args, sizeof args);
    if (pid == 0) {
        _exit(0);
    }
    report("clone3", pid);
    if (pid < 0 && errno == ENOSYS) {
        pid = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
        if (pid == 0) {
            _exit(0);
        }
        report("clone", pid);
    }
    int status = 0;
    if (pid < 0 || waitpid((pid_t)pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        printf("child failed\n");
        return 1;
    }
    printf("child exited 0\n");
    return 0;
}

static void files(void)
{
    report("mkdir", syscall(SYS_mkdir, "/tmp/denials-dir", 0755));
    report("rmdir", syscall(SYS_rmdir, "/tmp/denials-none"));
    report("chmod", syscall(SYS_chmod, "/tmp", 01777));
    report("getppid", syscall(SYS_getppid));
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "runtime-default") == 0) {
        runtime_default();
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "clone3") == 0) {
        return clone3_then_clone();
    }
    if (argc == 2 && strcmp(argv[1], "files") == 0) {
        files();
        return failed;
    }
    if (argc == 2 && strcmp(argv[1], "uname") == 0) {
        struct utsname name;
        report("uname", syscall(SYS_uname, &name));
        printf("survived\n");
        return 0;
    }
    fprintf(stderr, "usage: denials runtime-default|clone3|files|uname\n");
    return 2;
}
