// sysloop: issue one raw system call exactly COUNT times, then report.
//
//   sysloop SYSCALL COUNT [--latency]
//
// Output (one line on stdout, after the loop):
//   sysloop syscall=getppid count=100000 ok=N errors=M last_errno=E
// and with --latency additionally:
//   ops_per_sec=... p50_ns=... p99_ns=... start_ns=... end_ns=...
// start_ns/end_ns: CLOCK_MONOTONIC at the loop's start and end, comparable across containers (no
// time namespace), so bench/run.sh --containers can tell how long several loops ran together.
//
// The integration tests and bench/run.sh count notifications against COUNT, so between the
// start and the end of the loop nothing but the named syscall (and the clock, through the vDSO)
// may run: no stdio, no allocation. Every call goes through syscall(SYS_xxx), never the libc
// wrapper (glibc caches nothing today, but e.g. getpid was cached until 2.25).
// Built static, both as x86_64 and as i386 (-m32): SYS_xxx then resolves to the i386 numbers
// (getppid is 110 on x86_64, 64 on i386), which is what the arch tests rely on.

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

enum call {
    CALL_GETPPID,
    CALL_GETPID,
    CALL_GETUID,
    CALL_GETGID,
    CALL_GETEUID,
    CALL_GETEGID,
    CALL_GETTID,
    CALL_SCHED_YIELD,
    CALL_UNAME,
    CALL_CHROOT,
    CALL_SWAPOFF,
    CALL_MKDIRAT,
    CALL_FCNTL,
};

struct entry {
    const char *name;
    enum call call;
};

// "getuid" etc. are the legacy 16-bit calls on i386 (SYS_getuid = 24); the 32-bit-id variants
// there are getuid32 & co. Both spellings stay literal: the name asked for is the one issued.
static const struct entry table[] = {
    { "getppid", CALL_GETPPID },
    { "getpid", CALL_GETPID },
    { "getuid", CALL_GETUID },
    { "getgid", CALL_GETGID },
    { "geteuid", CALL_GETEUID },
    { "getegid", CALL_GETEGID },
    { "gettid", CALL_GETTID },
    { "sched_yield", CALL_SCHED_YIELD },
    { "uname", CALL_UNAME },
    { "chroot", CALL_CHROOT },
    { "swapoff", CALL_SWAPOFF },
    { "mkdirat", CALL_MKDIRAT },
    // fcntl(0, F_GETFD): a call whose argument (cmd) the daemon records, for its cost in bench/run.sh.
    { "fcntl", CALL_FCNTL },
};

// Large enough for struct new_utsname (6 x 65 bytes) on every arch.
static char uname_buf[512];
static const char missing_path[] = "/nonexistent";
static const char missing_dir[] = "/nonexistent/sysloop";

static long issue(enum call call)
{
    switch (call) {
    case CALL_GETPPID: return syscall(SYS_getppid);
    case CALL_GETPID: return syscall(SYS_getpid);
    case CALL_GETUID: return syscall(SYS_getuid);
    case CALL_GETGID: return syscall(SYS_getgid);
    case CALL_GETEUID: return syscall(SYS_geteuid);
    case CALL_GETEGID: return syscall(SYS_getegid);
    case CALL_GETTID: return syscall(SYS_gettid);
    case CALL_SCHED_YIELD: return syscall(SYS_sched_yield);
    case CALL_UNAME: return syscall(SYS_uname, uname_buf);
    // chroot/swapoff/mkdirat on a missing path fail (ENOENT, or EPERM without the capability)
    // without changing anything, so they can be repeated COUNT times.
    case CALL_CHROOT: return syscall(SYS_chroot, missing_path);
    case CALL_SWAPOFF: return syscall(SYS_swapoff, missing_path);
    case CALL_MKDIRAT: return syscall(SYS_mkdirat, AT_FDCWD, missing_dir, 0755);
    case CALL_FCNTL: return syscall(SYS_fcntl, 0, F_GETFD);
    }
    errno = EINVAL;
    return -1;
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a;
    uint64_t y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

// Nearest-rank percentile over sorted samples.
static uint64_t percentile(const uint64_t *sorted, uint64_t n, unsigned pct)
{
    uint64_t rank = (n * pct + 99) / 100;
    return sorted[rank == 0 ? 0 : rank - 1];
}

static void usage(void)
{
    fprintf(stderr, "usage: sysloop SYSCALL COUNT [--latency]\nsyscalls:");
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        fprintf(stderr, " %s", table[i].name);
    }
    fprintf(stderr, "\n");
    exit(2);
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4) {
        usage();
    }
    const struct entry *entry = NULL;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strcmp(argv[1], table[i].name) == 0) {
            entry = &table[i];
        }
    }
    if (entry == NULL) {
        fprintf(stderr, "sysloop: unsupported syscall '%s'\n", argv[1]);
        usage();
    }
    char *end;
    errno = 0;
    unsigned long long parsed = strtoull(argv[2], &end, 10);
    if (errno != 0 || *end != '\0' || argv[2][0] == '\0' || argv[2][0] == '-') {
        fprintf(stderr, "sysloop: bad COUNT '%s'\n", argv[2]);
        usage();
    }
    uint64_t count = parsed;
    int latency = 0;
    if (argc == 4) {
        if (strcmp(argv[3], "--latency") != 0) {
            usage();
        }
        latency = 1;
    }

    uint64_t *samples = NULL;
    if (latency && count > 0) {
        if (count > SIZE_MAX / sizeof *samples) {
            fprintf(stderr, "sysloop: COUNT too large for --latency\n");
            return 2;
        }
        samples = malloc(count * sizeof *samples);
        if (samples == NULL) {
            fprintf(stderr, "sysloop: cannot allocate %" PRIu64 " samples\n", count);
            return 1;
        }
        // Fault the pages in now, so the loop measures the syscall and not the page faults.
        memset(samples, 0, count * sizeof *samples);
    }
    // Warm the clock (vDSO setup) before the loop.
    (void)now_ns();

    uint64_t ok = 0, errors = 0;
    int last_errno = 0;
    uint64_t start = now_ns();
    if (latency) {
        for (uint64_t i = 0; i < count; i++) {
            uint64_t t0 = now_ns();
            long rc = issue(entry->call);
            uint64_t t1 = now_ns();
            samples[i] = t1 - t0;
            if (rc == -1) {
                errors++;
                last_errno = errno;
            } else {
                ok++;
            }
        }
    } else {
        for (uint64_t i = 0; i < count; i++) {
            if (issue(entry->call) == -1) {
                errors++;
                last_errno = errno;
            } else {
                ok++;
            }
        }
    }
    uint64_t stop = now_ns();
    uint64_t elapsed = stop - start;

    printf("sysloop syscall=%s count=%" PRIu64 " ok=%" PRIu64 " errors=%" PRIu64 " last_errno=%d",
           entry->name, count, ok, errors, last_errno);
    if (latency) {
        double ops = elapsed > 0 ? (double)count * 1e9 / (double)elapsed : 0.0;
        uint64_t p50 = 0, p99 = 0;
        if (count > 0) {
            qsort(samples, count, sizeof *samples, compare_u64);
            p50 = percentile(samples, count, 50);
            p99 = percentile(samples, count, 99);
        }
        printf(" ops_per_sec=%.0f p50_ns=%" PRIu64 " p99_ns=%" PRIu64 " start_ns=%" PRIu64 " end_ns=%" PRIu64, ops, p50,
               p99, start, stop);
    }
    printf("\n");
    free(samples);
    return 0;
}
