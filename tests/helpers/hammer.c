// hammer: issue raw getppid from several threads at once, for the fault tests.
//
//   hammer THREADS CALLS [--progress FILE] [--interrupt USEC]
//
// Each of THREADS threads calls syscall(SYS_getppid) CALLS times (0: until the process is killed).
//
// --progress FILE: FILE is created with one 64-byte slot per thread and mapped MAP_SHARED; each thread keeps
//   { u64 started; u64 ok; u64 failed; u64 eintr; } in its slot (little endian), with plain stores and no system
//   call. The page cache keeps them when the process is killed with SIGKILL: the slot then says how many calls
//   the thread completed, and whether one was still in flight (started - ok - failed, 0 or 1) when it died.
//
// --interrupt USEC: SIGUSR1 gets a handler installed without SA_RESTART, and the main thread sends it to the
//   workers in turn (tgkill), one every USEC microseconds, until they have all finished. A notified call the signal
//   interrupts fails with EINTR: the kernel withdraws the notification, and a supervisor that had already received
//   it gets ENOENT from SECCOMP_IOCTL_NOTIF_SEND (the call is then counted by it, but did not complete).
//
// Output (one line on stdout, after every thread has finished):
//   hammer threads=T calls=N ok=X errors=Y eintr=Z last_errno=E signals=S
// where calls is what the threads attempted (ok + errors) and signals the SIGUSR1 sent.
//
// Only getppid may be routed to the supervisor by the tests' profiles: the threads make no other notified call
// between their first and last getppid (the main thread's tgkill, nanosleep and futex are not notified).

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define SLOT_BYTES 64
#define MAX_THREADS 64

struct slot {
    uint64_t started;
    uint64_t ok;
    uint64_t failed;
    uint64_t eintr;
};

struct worker {
    struct slot *slot;
    pthread_t thread;
    int last_errno;
    volatile int tid;
    volatile int done;
};

static uint64_t calls_per_thread;
static struct worker workers[MAX_THREADS];

static void on_signal(int signo)
{
    (void)signo;
}

static void *run(void *arg)
{
    struct worker *w = arg;
    struct slot *s = w->slot;
    __atomic_store_n(&w->tid, (int)syscall(SYS_gettid), __ATOMIC_RELEASE);
    for (uint64_t i = 0; calls_per_thread == 0 || i < calls_per_thread; i++) {
        // Release stores: each one is in the mapping before the next step, and the compiler keeps them in order
        // around the call, so a killed thread's slot is exact up to the call in flight.
        __atomic_store_n(&s->started, s->started + 1, __ATOMIC_RELEASE);
        if (syscall(SYS_getppid) == -1) {
            int e = errno;
            w->last_errno = e;
            if (e == EINTR) {
                __atomic_store_n(&s->eintr, s->eintr + 1, __ATOMIC_RELEASE);
            }
            __atomic_store_n(&s->failed, s->failed + 1, __ATOMIC_RELEASE);
        } else {
            __atomic_store_n(&s->ok, s->ok + 1, __ATOMIC_RELEASE);
        }
    }
    __atomic_store_n(&w->done, 1, __ATOMIC_RELEASE);
    return NULL;
}

static void usage(void)
{
    fprintf(stderr, "usage: hammer THREADS CALLS [--progress FILE] [--interrupt USEC]\n");
    exit(2);
}

static uint64_t parse_u64(const char *text, const char *what)
{
    char *end;
    errno = 0;
    unsigned long long value = strtoull(text, &end, 10);
    if (errno != 0 || *end != '\0' || text[0] == '\0' || text[0] == '-') {
        fprintf(stderr, "hammer: bad %s '%s'\n", what, text);
        usage();
    }
    return value;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        usage();
    }
    uint64_t threads = parse_u64(argv[1], "THREADS");
    calls_per_thread = parse_u64(argv[2], "CALLS");
    if (threads == 0 || threads > MAX_THREADS) {
        fprintf(stderr, "hammer: THREADS must be 1-%d\n", MAX_THREADS);
        return 2;
    }
    const char *progress = NULL;
    long interrupt_usec = -1;
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "--progress") == 0 && i + 1 < argc) {
            progress = argv[++i];
        } else if (strcmp(argv[i], "--interrupt") == 0 && i + 1 < argc) {
            interrupt_usec = (long)parse_u64(argv[++i], "USEC");
        } else {
            usage();
        }
    }
    if (interrupt_usec >= 0 && calls_per_thread == 0) {
        fprintf(stderr, "hammer: --interrupt needs a finite CALLS\n");
        return 2;
    }

    size_t bytes = (size_t)threads * SLOT_BYTES;
    unsigned char *slots;
    if (progress != NULL) {
        int fd = open(progress, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0 || ftruncate(fd, (off_t)bytes) != 0) {
            perror("hammer: progress file");
            return 1;
        }
        slots = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (slots == MAP_FAILED) {
            perror("hammer: mmap");
            return 1;
        }
        close(fd);
    } else {
        slots = calloc(threads, SLOT_BYTES);
        if (slots == NULL) {
            return 1;
        }
    }

    if (interrupt_usec >= 0) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = on_signal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = 0; // no SA_RESTART: an interrupted getppid returns EINTR instead of being issued again
        if (sigaction(SIGUSR1, &action, NULL) != 0) {
            perror("hammer: sigaction");
            return 1;
        }
    }

    for (uint64_t i = 0; i < threads; i++) {
        workers[i].slot = (struct slot *)(slots + i * SLOT_BYTES);
        int rc = pthread_create(&workers[i].thread, NULL, run, &workers[i]);
        if (rc != 0) {
            fprintf(stderr, "hammer: pthread_create: %s\n", strerror(rc));
            return 1;
        }
    }

    uint64_t signals = 0;
    if (interrupt_usec >= 0) {
        pid_t pid = getpid();
        struct timespec pause = { .tv_sec = interrupt_usec / 1000000, .tv_nsec = (interrupt_usec % 1000000) * 1000 };
        for (uint64_t next = 0;; next = (next + 1) % threads) {
            uint64_t running = 0;
            for (uint64_t i = 0; i < threads; i++) {
                running += __atomic_load_n(&workers[i].done, __ATOMIC_ACQUIRE) ? 0 : 1;
            }
            if (running == 0) {
                break;
            }
            int tid = __atomic_load_n(&workers[next].tid, __ATOMIC_ACQUIRE);
            if (tid != 0 && !__atomic_load_n(&workers[next].done, __ATOMIC_ACQUIRE)) {
                // ESRCH when the thread has just exited: harmless, and not counted.
                if (syscall(SYS_tgkill, pid, tid, SIGUSR1) == 0) {
                    signals++;
                }
            }
            if (interrupt_usec > 0) {
                nanosleep(&pause, NULL);
            }
        }
    }

    uint64_t ok = 0, failed = 0, eintr = 0;
    int last_errno = 0;
    for (uint64_t i = 0; i < threads; i++) {
        pthread_join(workers[i].thread, NULL);
        ok += workers[i].slot->ok;
        failed += workers[i].slot->failed;
        eintr += workers[i].slot->eintr;
        if (workers[i].last_errno != 0) {
            last_errno = workers[i].last_errno;
        }
    }
    printf("hammer threads=%" PRIu64 " calls=%" PRIu64 " ok=%" PRIu64 " errors=%" PRIu64 " eintr=%" PRIu64
           " last_errno=%d signals=%" PRIu64 "\n",
           threads, ok + failed, ok, failed, eintr, last_errno, signals);
    return 0;
}
