// sysloop: issue one raw system call exactly COUNT times, then report.
//
//   sysloop SYSCALL COUNT [--latency] [--threads N]
//
// --threads N: N threads (default 1) share the COUNT calls (the first COUNT % N threads make one
// more), released together by a barrier; ops_per_sec is then COUNT over the time from the first
// thread's start to the last one's end, p50/p99 over every call of every thread. All threads are
// created before the first call and the barrier waits in futex, which the benchmarks do not notify.
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
#include <pthread.h>
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
    fprintf(stderr, "usage: sysloop SYSCALL COUNT [--latency] [--threads N]\nsyscalls:");
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        fprintf(stderr, " %s", table[i].name);
    }
    fprintf(stderr, "\n");
    exit(2);
}

enum { MAX_THREADS = 64 };

struct worker {
    enum call call;
    uint64_t count;
    uint64_t *samples; // NULL without --latency; else count slots
    pthread_barrier_t *start_line;
    uint64_t ok, errors, start, stop;
    int last_errno;
    pthread_t thread;
};

static void *run_worker(void *arg)
{
    struct worker *w = arg;
    if (w->start_line != NULL) {
        pthread_barrier_wait(w->start_line);
    }
    w->start = now_ns();
    if (w->samples != NULL) {
        for (uint64_t i = 0; i < w->count; i++) {
            uint64_t t0 = now_ns();
            long rc = issue(w->call);
            uint64_t t1 = now_ns();
            w->samples[i] = t1 - t0;
            if (rc == -1) {
                w->errors++;
                w->last_errno = errno;
            } else {
                w->ok++;
            }
        }
    } else {
        for (uint64_t i = 0; i < w->count; i++) {
            if (issue(w->call) == -1) {
                w->errors++;
                w->last_errno = errno;
            } else {
                w->ok++;
            }
        }
    }
    w->stop = now_ns();
    return NULL;
}

static unsigned long long parse_count(const char *text, const char *what)
{
    char *end;
    errno = 0;
    unsigned long long parsed = strtoull(text, &end, 10);
    if (errno != 0 || *end != '\0' || text[0] == '\0' || text[0] == '-') {
        fprintf(stderr, "sysloop: bad %s '%s'\n", what, text);
        usage();
    }
    return parsed;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
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
    uint64_t count = parse_count(argv[2], "COUNT");
    int latency = 0;
    unsigned threads = 1;
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "--latency") == 0) {
            latency = 1;
        } else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
            unsigned long long n = parse_count(argv[++i], "--threads");
            if (n < 1 || n > MAX_THREADS) {
                fprintf(stderr, "sysloop: --threads must be 1 to %d\n", MAX_THREADS);
                return 2;
            }
            threads = (unsigned)n;
        } else {
            usage();
        }
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

    struct worker workers[MAX_THREADS];
    memset(workers, 0, sizeof workers);
    pthread_barrier_t start_line;
    uint64_t assigned = 0;
    for (unsigned t = 0; t < threads; t++) {
        workers[t].call = entry->call;
        workers[t].count = count / threads + (t < count % threads ? 1 : 0);
        workers[t].samples = samples != NULL ? samples + assigned : NULL;
        workers[t].start_line = threads > 1 ? &start_line : NULL;
        assigned += workers[t].count;
    }
    if (threads == 1) {
        run_worker(&workers[0]);
    } else {
        pthread_barrier_init(&start_line, NULL, threads);
        for (unsigned t = 0; t < threads; t++) {
            int rc = pthread_create(&workers[t].thread, NULL, run_worker, &workers[t]);
            if (rc != 0) {
                fprintf(stderr, "sysloop: pthread_create: %s\n", strerror(rc));
                return 1;
            }
        }
        for (unsigned t = 0; t < threads; t++) {
            pthread_join(workers[t].thread, NULL);
        }
        pthread_barrier_destroy(&start_line);
    }

    uint64_t ok = 0, errors = 0, start = workers[0].start, stop = workers[0].stop;
    int last_errno = 0;
    for (unsigned t = 0; t < threads; t++) {
        ok += workers[t].ok;
        errors += workers[t].errors;
        if (workers[t].errors > 0) {
            last_errno = workers[t].last_errno;
        }
        if (workers[t].start < start) {
            start = workers[t].start;
        }
        if (workers[t].stop > stop) {
            stop = workers[t].stop;
        }
    }
    uint64_t elapsed = stop - start;

    printf("sysloop syscall=%s count=%" PRIu64 " ok=%" PRIu64 " errors=%" PRIu64 " last_errno=%d",
           entry->name, count, ok, errors, last_errno);
    if (threads > 1) {
        printf(" threads=%u", threads);
    }
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
