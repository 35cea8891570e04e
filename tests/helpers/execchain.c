// execchain: make calls of its own, then exec another program in the same process (issue 14 item 1, README
// "Executables"): the pid and its start time stay, the executable changes, as when runc's init execs the workload.
//
//   execchain N PROGRAM [ARG...]   getppid() N times, uname() once, then execve(PROGRAM, [PROGRAM, ARG...])
//
// Raw syscall() so that libc makes no call but the ones named; exits 127 if the execve fails.

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: execchain N PROGRAM [ARG...]\n");
        return 2;
    }

    long n = strtol(argv[1], NULL, 10);
    for (long i = 0; i < n; i++) {
        syscall(SYS_getppid);
    }

    struct utsname name;
    syscall(SYS_uname, &name);
    extern char **environ;
    syscall(SYS_execve, argv[2], &argv[2], environ);
    perror("execchain: execve");
    return 127;
}
