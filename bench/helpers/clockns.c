// clockns: print CLOCK_MONOTONIC in nanoseconds, for timing a shell workload inside a container
// (busybox's date has no %N). bench/run.sh --workload real runs it before and after the work; the
// clock is the host's (no time namespace), so the numbers compare across containers too.
// Build: gcc -O2 -static -o clockns clockns.c

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

int main(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        perror("clockns: clock_gettime");
        return 1;
    }
    printf("%" PRIu64 "\n", (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec);
    return 0;
}
