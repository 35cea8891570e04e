// argcheck: the workload of the `profile export --args` round trip (issue 15 point 2), and the calls it never makes.
//
//   argcheck workload   socket(AF_INET, SOCK_STREAM) + setsockopt(SOL_SOCKET, SO_REUSEADDR), socket(AF_UNIX,
//                       SOCK_DGRAM), personality(0xffffffff) (a query), a fork by clone(SIGCHLD), mmap without
//                       PROT_EXEC, ioctl(1, TCGETS); prints "workload ok", or "workload failed: CALL errno N" and exits 1
//   argcheck check      the workload, then one line per other call: "NAME ok" or "NAME errno N" (see s_tries)
//   argcheck nr N...    the raw syscall N (decimal or 0x hex) with zero arguments, each: "nr N errno E" or "nr N ok"
//
// Raw syscall() throughout so that libc picks no other call than the one named. Built static by tests/helpers/build.sh,
// as x86_64 and as i386 (-m32): there, socket() is the direct call (359), not socketcall.

#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <unistd.h>

#ifndef AF_ALG
#define AF_ALG 38
#endif
#ifndef __WALL
#define __WALL 0x40000000
#endif

static int report(const char *name, long result)
{
    if (result < 0) {
        printf("%s errno %d\n", name, errno);
        return 1;
    }
    printf("%s ok\n", name);
    return 0;
}

// A fork through the raw clone with this exit signal; the child exits at once. Returns the child's pid or -1.
static long fork_with(unsigned long flags)
{
    long pid = syscall(SYS_clone, flags, 0, 0, 0, 0);
    if (pid == 0) {
        syscall(SYS_exit_group, 0);
    }
    if (pid > 0) {
        int status;
        waitpid((pid_t)pid, &status, __WALL);
    }
    return pid;
}

static long inet_stream_option(int option)
{
    int one = 1;
    long fd = syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        return fd;
    }
    long result = syscall(SYS_setsockopt, fd, SOL_SOCKET, option, &one, sizeof one);
    int saved = errno;
    close((int)fd);
    errno = saved;
    return result;
}

static long map(int prot)
{
#ifdef SYS_mmap2
    // i386 mmap (90) takes a struct in memory; mmap2 takes registers.
    void *p = (void *)syscall(SYS_mmap2, 0, 4096, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
#else
    void *p = (void *)syscall(SYS_mmap, 0, 4096, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
#endif
    return p == MAP_FAILED ? -1 : 0;
}

static long workload_call(int step)
{
    struct termios_dummy { char bytes[64]; } termios;
    switch (step) {
    case 0: return inet_stream_option(SO_REUSEADDR);
    case 1: return syscall(SYS_socket, AF_UNIX, SOCK_DGRAM, 0);
    case 2: return syscall(SYS_personality, 0xffffffffUL);
    case 3: return fork_with(SIGCHLD);
    case 4: return map(PROT_READ | PROT_WRITE);
    // stdout is a pipe or a file: ENOTTY, made and answered by the kernel, is the workload's normal result.
    case 5: return syscall(SYS_ioctl, 1, TCGETS, &termios) < 0 && errno == ENOTTY ? 0 : -1;
    default: return -2;
    }
}

static const char *const s_steps[] = {"socket(AF_INET)+setsockopt", "socket(AF_UNIX)", "personality", "clone", "mmap", "ioctl"};

static int workload(void)
{
    for (int step = 0; step < (int)(sizeof s_steps / sizeof s_steps[0]); step++) {
        if (workload_call(step) < 0) {
            printf("workload failed: %s errno %d\n", s_steps[step], errno);
            return 1;
        }
    }
    printf("workload ok\n");
    return 0;
}

static int check(void)
{
    if (workload() != 0) {
        return 1;
    }
    // The values the workload made, with the bits the recording masks off changed: still allowed.
    report("socket-nonblock", syscall(SYS_socket, AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    report("clone-sigusr1", fork_with(SIGUSR1));
    report("ioctl-high-bits", syscall(SYS_ioctl, 1, 0xffffffff00000000UL | TCGETS, 0) < 0 && errno == ENOTTY ? 0 : -1);
    // Values it never made.
    report("socket-packet", syscall(SYS_socket, AF_PACKET, SOCK_RAW, 0));
    report("socket-alg", syscall(SYS_socket, AF_ALG, SOCK_SEQPACKET, 0));
    // A domain and a type the workload made, never together: the rules allow the product of the seen values.
    report("socket-inet-dgram", syscall(SYS_socket, AF_INET, SOCK_DGRAM, 0));
    report("socket-inet-raw", syscall(SYS_socket, AF_INET, SOCK_RAW, IPPROTO_ICMP));
    report("setsockopt-keepalive", inet_stream_option(SO_KEEPALIVE));
    report("personality-linux32", syscall(SYS_personality, (unsigned long)PER_LINUX32));
    report("clone-newuts", fork_with(CLONE_NEWUTS | SIGCHLD));
    report("mmap-exec", map(PROT_READ | PROT_EXEC));
    report("ioctl-fionread", syscall(SYS_ioctl, 1, FIONREAD, &(int){0}));
    return 0;
}

static int raw_numbers(int count, char **numbers)
{
    for (int i = 0; i < count; i++) {
        long nr = strtol(numbers[i], NULL, 0);
        long result = syscall(nr, 0, 0, 0, 0, 0, 0);
        if (result < 0) {
            printf("nr %ld errno %d\n", nr, errno);
        } else {
            printf("nr %ld ok\n", nr);
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    // A child exiting with SIGUSR1 (clone-sigusr1) must not end this process; the same calls in every mode.
    signal(SIGUSR1, SIG_IGN);
    if (argc == 2 && strcmp(argv[1], "workload") == 0) {
        return workload();
    }
    if (argc == 2 && strcmp(argv[1], "check") == 0) {
        return check();
    }
    if (argc >= 3 && strcmp(argv[1], "nr") == 0) {
        return raw_numbers(argc - 2, argv + 2);
    }
    fprintf(stderr, "usage: argcheck workload | argcheck check | argcheck nr N...\n");
    return 2;
}
