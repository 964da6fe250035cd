/*
 * C side of StructCommandTest: a process that keeps a struct in a SysV segment, as a real
 * program would, while ipcsh reads, writes and watches it by member name.
 *
 *   struct_peer SHMID
 *
 * 1. shmat(SHMID), fills a struct rec at offset 0 (sem_init value 2, a pshared mutex it
 *    locks), prints "filled tid=N".
 * 2. Then one command per stdin line:
 *    bump  - increments id (an atomic store ipcsh's watch must see); prints "bumped id=N"
 *    show  - prints "id=N name=S in.x=N in.y=G arr2=N ok=N" from the struct (what ipcsh wrote)
 *    quit  - unlocks the mutex, shmdt, exits 0.
 *
 * Exit status: 0 done, 2 usage, 3 a call failed (perror says which).
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <unistd.h>

struct inner { short x; double y; };
struct rec {
    int id;
    char name[16];
    struct inner in;
    uint64_t big;
    int arr[3];
    sem_t ready;
    pthread_mutex_t lock;
    bool ok;
};

static int fail(const char *what) {
    perror(what);
    return 3;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s SHMID\n", argv[0]);
        return 2;
    }
    struct rec *r = shmat(atoi(argv[1]), NULL, 0);
    if (r == (void *) -1) return fail("shmat");
    r->id = 7;
    strcpy(r->name, "from C");
    r->in.x = -3;
    r->in.y = 0.5;
    r->big = UINT64_MAX;
    r->arr[0] = 1; r->arr[1] = 2; r->arr[2] = 3;
    if (sem_init(&r->ready, 1, 2) == -1) return fail("sem_init");
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
    if (pthread_mutex_init(&r->lock, &a) != 0) return fail("pthread_mutex_init");
    if (pthread_mutex_lock(&r->lock) != 0) return fail("pthread_mutex_lock");
    r->ok = true;
    printf("filled tid=%ld\n", (long) syscall(SYS_gettid));
    fflush(stdout);

    char line[64];
    while (fgets(line, sizeof line, stdin)) {
        if (strncmp(line, "bump", 4) == 0) {
            int next = __atomic_load_n(&r->id, __ATOMIC_SEQ_CST) + 1;
            __atomic_store_n(&r->id, next, __ATOMIC_SEQ_CST);
            printf("bumped id=%d\n", next);
        } else if (strncmp(line, "show", 4) == 0) {
            printf("id=%d name=%s in.x=%d in.y=%g arr2=%d ok=%d\n", __atomic_load_n(&r->id, __ATOMIC_SEQ_CST),
                   r->name, r->in.x, r->in.y, r->arr[2], r->ok);
        } else if (strncmp(line, "quit", 4) == 0) {
            pthread_mutex_unlock(&r->lock);
            shmdt(r);
            return 0;
        }
        fflush(stdout);
    }
    return 0;
}
