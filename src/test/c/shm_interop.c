/*
 * C side of CInteropTest: the same segment and sem_t as the Java library, reached the way
 * a C program reaches them.
 *
 *   shm_interop PATH PROJ
 *
 * 1. ftok(PATH, PROJ), shmget(key, 0, 0), shmat; prints "key 0x........" and "size N".
 * 2. Prints what Java wrote, as "read str=... i32=... i64=... f64=... f32=... u16=... i8=...".
 * 3. Writes back: "from C" at 512, int32 0x0a0b0c0d at 600, double e at 608.
 * 4. Reads a line "go" on stdin, then sem_posts the sem_t at 64 (Java waits on it).
 * 5. Prints "waiting", sem_timedwaits (30 s) on the sem_t at 128 (Java posts it), prints "woke".
 *
 * Exit status: 0 done, 2 usage, 3 a call failed (perror says which), 4 timed out.
 */
#include <errno.h>
#include <inttypes.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <time.h>

static int fail(const char *what) {
    perror(what);
    return 3;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s PATH PROJ\n", argv[0]);
        return 2;
    }
    key_t key = ftok(argv[1], atoi(argv[2]));
    if (key == -1) return fail("ftok");
    printf("key 0x%08x\n", (unsigned) key);
    int shmid = shmget(key, 0, 0);
    if (shmid == -1) return fail("shmget");
    char *addr = shmat(shmid, NULL, 0);
    if (addr == (char *) -1) return fail("shmat");
    struct shmid_ds ds;
    if (shmctl(shmid, IPC_STAT, &ds) == -1) return fail("shmctl");
    printf("size %zu\n", (size_t) ds.shm_segsz);

    int32_t i32; int64_t i64; double f64; float f32; uint16_t u16; int8_t i8;
    memcpy(&i32, addr + 256, sizeof i32);
    memcpy(&i64, addr + 264, sizeof i64);
    memcpy(&f64, addr + 272, sizeof f64);
    memcpy(&f32, addr + 280, sizeof f32);
    memcpy(&u16, addr + 284, sizeof u16);
    memcpy(&i8, addr + 286, sizeof i8);
    printf("read str=%s i32=%" PRId32 " i64=%" PRId64 " f64=%.17g f32=%.9g u16=%" PRIu16 " i8=%" PRId8 "\n",
           addr, i32, i64, f64, (double) f32, u16, i8);

    strcpy(addr + 512, "from C");
    int32_t back = 0x0a0b0c0d;
    double e = 2.718281828459045;
    memcpy(addr + 600, &back, sizeof back);
    memcpy(addr + 608, &e, sizeof e);
    fflush(stdout);

    char line[16];
    if (!fgets(line, sizeof line, stdin) || strcmp(line, "go\n") != 0) {
        fprintf(stderr, "expected go on stdin\n");
        return 2;
    }
    if (sem_post((sem_t *) (addr + 64)) == -1) return fail("sem_post");
    printf("posted\nwaiting\n");
    fflush(stdout);

    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 30;
    while (sem_timedwait((sem_t *) (addr + 128), &deadline) == -1) {
        if (errno == EINTR) continue;
        if (errno == ETIMEDOUT) {
            fprintf(stderr, "timed out waiting for Java's post\n");
            return 4;
        }
        return fail("sem_timedwait");
    }
    printf("woke\n");
    if (shmdt(addr) == -1) return fail("shmdt");
    return 0;
}
