/*
 * What glibc leaves in a sem_t's bytes, for SemWordsTest: after sem_init, sem_post,
 * sem_trywait, with a thread blocked in sem_wait, and at SEM_VALUE_MAX, it prints the
 * 64-bit data word and the int futex flag found at the offsets Java's sem_t layout says
 * they are at (the arguments), one "STEP WORD VALUE" line each.
 *
 *   sem_words DATA_OFFSET PRIVATE_OFFSET
 *
 * Exit status: 0 done, 2 usage, 3 a sem_* call failed, 4 the waiter never registered.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long data_offset;
static long private_offset;

static uint64_t data(sem_t *s) {
    return __atomic_load_n((uint64_t *) ((char *) s + data_offset), __ATOMIC_SEQ_CST);
}

static int flag(sem_t *s) {
    int v;
    memcpy(&v, (char *) s + private_offset, sizeof v);
    return v;
}

static void show(const char *step, sem_t *s) {
    printf("%s data %llu\n", step, (unsigned long long) data(s));
    printf("%s private %d\n", step, flag(s));
}

static void must(int result, const char *call) {
    if (result != 0) {
        perror(call);
        exit(3);
    }
}

/* Garbage first, so that what sem_init leaves is all sem_init's. */
static void init(sem_t *s, int pshared, unsigned value) {
    memset(s, 0xa5, sizeof *s);
    must(sem_init(s, pshared, value), "sem_init");
}

static void *blocked_waiter(void *sem) {
    must(sem_wait(sem), "sem_wait");
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: sem_words DATA_OFFSET PRIVATE_OFFSET\n");
        return 2;
    }
    data_offset = atol(argv[1]);
    private_offset = atol(argv[2]);
    if (data_offset < 0 || data_offset % 8 != 0 || data_offset + 8 > (long) sizeof(sem_t)
            || private_offset < 0 || private_offset + 4 > (long) sizeof(sem_t)) {
        fprintf(stderr, "offsets outside sem_t (%zu bytes)\n", sizeof(sem_t));
        return 2;
    }
    setvbuf(stdout, NULL, _IONBF, 0);

    sem_t s;
    init(&s, 1, 5);
    show("init", &s);
    must(sem_post(&s), "sem_post");
    show("post", &s);
    must(sem_trywait(&s), "sem_trywait");
    show("trywait", &s);

    sem_t p;
    init(&p, 0, 3);
    show("unshared", &p);

    sem_t w;
    init(&w, 1, 0);
    pthread_t t;
    if (pthread_create(&t, NULL, blocked_waiter, &w) != 0) {
        perror("pthread_create");
        return 3;
    }
    /* Until the waiter has registered itself in the word (a hang guard, not a timing check). */
    struct timespec start, now, pause = {0, 100000};
    clock_gettime(CLOCK_MONOTONIC, &start);
    while (data(&w) == 0) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - start.tv_sec > 60) {
            fprintf(stderr, "the waiter never registered\n");
            return 4;
        }
        nanosleep(&pause, NULL);
    }
    show("waiting", &w);
    must(sem_post(&w), "sem_post");
    pthread_join(t, NULL);
    show("woken", &w);

    sem_t m;
    init(&m, 1, SEM_VALUE_MAX);
    show("max", &m);
    errno = 0;
    int r = sem_post(&m);
    printf("overflow result %d\n", r);
    printf("overflow errno %d\n", errno);
    show("overflow", &m);
    return 0;
}
