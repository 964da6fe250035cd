/*
 * A C peer for SemaphoreFastPathTest: works a process-shared semaphore through libc while
 * Java works the same one through Semaphore's fast path. The semaphore is the sem_t at
 * OFFSET in the SysV segment SHMID, or the named one /NAME (sem_open).
 *
 *   sem_hammer SHMID OFFSET ROLE N    or    sem_hammer /NAME ROLE N
 *
 *   post   sem_post N times, print "posted N"
 *   pace   N times: sem_post, then wait (sched_yield) until someone took it; print "posted N"
 *   take   print "taking", sem_wait N times (blocking), print "took N"
 *   mix    print "ready", wait for a line on stdin, then N times: sem_post, and
 *          sem_trywait twice; print "taken K" (how many of the trywaits succeeded)
 *
 * Exit status: 0 done, 2 usage, 3 shmat/sem_open failed, 4 a sem_* call failed,
 * 5 a paced post was not taken within 60 s.
 */
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/shm.h>
#include <time.h>

static int fail(const char *call) {
    perror(call);
    return 4;
}

int main(int argc, char **argv) {
    sem_t *sem;
    int arg;
    if (argc == 4 && argv[1][0] == '/') {
        sem = sem_open(argv[1], 0);
        if (sem == SEM_FAILED) {
            perror("sem_open");
            return 3;
        }
        arg = 2;
    } else if (argc == 5) {
        char *addr = shmat(atoi(argv[1]), NULL, 0);
        if (addr == (void *) -1) {
            perror("shmat");
            return 3;
        }
        sem = (sem_t *) (addr + atol(argv[2]));
        arg = 3;
    } else {
        fprintf(stderr, "usage: sem_hammer SHMID OFFSET ROLE N | sem_hammer /NAME ROLE N\n");
        return 2;
    }
    const char *role = argv[arg];
    long n = atol(argv[arg + 1]);
    setvbuf(stdout, NULL, _IONBF, 0);

    if (strcmp(role, "post") == 0) {
        for (long i = 0; i < n; i++) {
            if (sem_post(sem) != 0) return fail("sem_post");
        }
        printf("posted %ld\n", n);
    } else if (strcmp(role, "pace") == 0) {
        /* One token at a time, so that the taker finds none and blocks (or spins) for each. */
        for (long i = 0; i < n; i++) {
            if (sem_post(sem) != 0) return fail("sem_post");
            struct timespec start, now;
            clock_gettime(CLOCK_MONOTONIC, &start);
            int value;
            while (sem_getvalue(sem, &value) == 0 && value > 0) {
                clock_gettime(CLOCK_MONOTONIC, &now);
                if (now.tv_sec - start.tv_sec > 60) {
                    fprintf(stderr, "post %ld not taken within 60 s\n", i);
                    return 5;
                }
                sched_yield();
            }
        }
        printf("posted %ld\n", n);
    } else if (strcmp(role, "take") == 0) {
        puts("taking");
        for (long i = 0; i < n; i++) {
            while (sem_wait(sem) != 0) {
                if (errno != EINTR) return fail("sem_wait");
            }
        }
        printf("took %ld\n", n);
    } else if (strcmp(role, "mix") == 0) {
        char line[64];
        puts("ready");
        if (fgets(line, sizeof line, stdin) == NULL) return 2;
        long taken = 0;
        for (long i = 0; i < n; i++) {
            if (sem_post(sem) != 0) return fail("sem_post");
            for (int k = 0; k < 2; k++) {
                if (sem_trywait(sem) == 0) {
                    taken++;
                } else if (errno != EAGAIN) {
                    return fail("sem_trywait");
                }
            }
        }
        printf("taken %ld\n", taken);
    } else {
        fprintf(stderr, "unknown role: %s\n", role);
        return 2;
    }
    return 0;
}
