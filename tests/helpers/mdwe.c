// mdwe: runs a program as systemd's MemoryDenyWriteExecute=yes would (deploy/systemd/seccomp-recorder.service), on a
// machine whose init is not systemd.
//
// Usage: MDWE_EXEC=/path/to/program mdwe ARGS...   (execs MDWE_EXEC with ARGS; argv[0] becomes MDWE_EXEC)
//
// Both forms systemd uses, stacked:
//   - the seccomp filter of systemd 252 (Debian 12; seccomp_memory_deny_write_execute in src/shared/seccomp-util.c):
//     EPERM for mmap with PROT_WRITE|PROT_EXEC, for mprotect and pkey_mprotect with PROT_EXEC, for shmat with SHM_EXEC;
//   - the kernel's own PR_SET_MDWE(PR_MDWE_REFUSE_EXEC_GAIN) (Linux 6.3+), which systemd 254+ prefers when it exists.
// A JIT needs writable-then-executable memory: the JIT build of the daemon fails under this; the native one must not.
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef PR_SET_MDWE
#define PR_SET_MDWE 65
#define PR_MDWE_REFUSE_EXEC_GAIN 1
#endif

#define ARG2_LO offsetof(struct seccomp_data, args[2])
#define DENY BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA))
#define ALLOW BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)

int main(int argc, char **argv)
{
    const char *target = getenv("MDWE_EXEC");
    if (target == NULL || argc < 1) {
        fprintf(stderr, "usage: MDWE_EXEC=PROGRAM mdwe ARGS...\n");
        return 2;
    }

    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
        ALLOW, // other ABIs: the unit's SystemCallArchitectures=native refuses them anyway
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_mmap, 0, 5),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG2_LO),
        BPF_STMT(BPF_ALU | BPF_AND | BPF_K, PROT_WRITE | PROT_EXEC),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PROT_WRITE | PROT_EXEC, 0, 1),
        DENY,
        ALLOW,
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_mprotect, 1, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_pkey_mprotect, 0, 3),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG2_LO),
        BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, PROT_EXEC, 0, 5),
        DENY,
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_shmat, 0, 3),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG2_LO),
        BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, SHM_EXEC, 0, 1),
        DENY,
        ALLOW,
    };
    struct sock_fprog prog = {.len = sizeof(filter) / sizeof(filter[0]), .filter = filter};

    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        perror("mdwe: prctl(PR_SET_NO_NEW_PRIVS)");
        return 1;
    }
    if (prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0, 0, 0) != 0) {
        perror("mdwe: prctl(PR_SET_MDWE)");
        return 1;
    }
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
        perror("mdwe: seccomp(SECCOMP_SET_MODE_FILTER)");
        return 1;
    }

    argv[0] = (char *)target;
    execv(target, argv);
    fprintf(stderr, "mdwe: execv(%s): %s\n", target, strerror(errno));
    return 127;
}
