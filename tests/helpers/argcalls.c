// argcalls: make calls whose register arguments the daemon records (issue 14, README "Argument values"), then report.
//
//   argcalls sockets      socket() in four families, socketpair(), setsockopt(SOL_SOCKET, SO_REUSEADDR)
//   argcalls ioctls N     ioctl(0, 0x7f000000 + i) for i < N: N distinct requests (each fails with ENOTTY or EBADF)
//
// Output (one line on stdout): "argcalls MODE done". A call that fails (AF_ALG without the module) still reached the
// daemon first: seccomp notifies before the kernel runs the call. Built as x86_64 and as i386 (-m32); the i386 build
// also makes socket(AF_INET) through socketcall(SYS_SOCKET, args), whose domain is behind a pointer and not recorded.
// Raw syscall() throughout so that libc picks no other call than the one named.

#define _GNU_SOURCE
#include <linux/net.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef AF_ALG
#define AF_ALG 38
#endif

static void sockets(void)
{
    int one = 1;
    int pair[2];
    long fd = syscall(SYS_socket, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd >= 0) {
        syscall(SYS_setsockopt, fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    }
    syscall(SYS_socket, AF_UNIX, SOCK_DGRAM, 0);
    syscall(SYS_socket, AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK, 0);
    syscall(SYS_socket, AF_ALG, SOCK_SEQPACKET, 0);
    syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, pair);
#if defined(__i386__)
    unsigned long args[3] = {AF_INET, SOCK_DGRAM, 0};
    syscall(SYS_socketcall, SYS_SOCKET, args);
#endif
}

static void ioctls(long n)
{
    for (long i = 0; i < n; i++) {
        syscall(SYS_ioctl, 0, 0x7f000000UL + (unsigned long)i, 0);
    }
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "sockets") == 0) {
        sockets();
    } else if (argc >= 3 && strcmp(argv[1], "ioctls") == 0) {
        ioctls(strtol(argv[2], NULL, 10));
    } else {
        fprintf(stderr, "usage: argcalls sockets | argcalls ioctls N\n");
        return 2;
    }

    printf("argcalls %s done\n", argv[1]);
    return 0;
}
