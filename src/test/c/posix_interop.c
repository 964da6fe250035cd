/*
 * C side of PosixInteropTest: POSIX shared memory and a named semaphore, reached the way a
 * C program reaches them.
 *
 *   posix_interop SHM_NAME SEM_NAME MADE_BY_C_NAME
 *
 * 1. shm_open(SHM_NAME, O_RDWR), fstat, mmap(MAP_SHARED); prints "size N" and
 *    "read str=... i32=... f64=..." (what Java wrote at 0, 256, 264).
 * 2. Writes back: "from C" at 512, int32 0x0a0b0c0d at 600.
 * 3. sem_open(SEM_NAME, 0); reads "go" on stdin, sem_posts it (Java waits), prints "posted".
 * 4. Reads "next" on stdin (so that it can't take its own post before Java's waiter does),
 *    prints "waiting", sem_timedwaits (30 s) on it (Java posts), prints "woke".
 * 5. shm_open(MADE_BY_C_NAME, O_RDWR|O_CREAT|O_EXCL, 0600), ftruncate 8192, mmap, writes
 *    "made by C" at 0 and int32 77 at 4096, prints "created"; reads "done" on stdin, then
 *    unmaps and closes everything (Java unlinks what it made) and exits.
 *
 * Exit status: 0 done, 2 usage, 3 a call failed (perror says which), 4 timed out.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int fail(const char *what) {
    perror(what);
    return 3;
}

static int await_line(const char *want) {
    char line[64];
    if (!fgets(line, sizeof line, stdin)) return 0;
    line[strcspn(line, "\n")] = 0;
    return strcmp(line, want) == 0;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s SHM_NAME SEM_NAME MADE_BY_C_NAME\n", argv[0]);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    int fd = shm_open(argv[1], O_RDWR, 0);
    if (fd == -1) return fail("shm_open");
    struct stat st;
    if (fstat(fd, &st) == -1) return fail("fstat");
    printf("size %lld\n", (long long) st.st_size);
    char *addr = mmap(NULL, st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (addr == MAP_FAILED) return fail("mmap");

    int32_t i32; double f64;
    memcpy(&i32, addr + 256, sizeof i32);
    memcpy(&f64, addr + 264, sizeof f64);
    printf("read str=%s i32=%" PRId32 " f64=%.17g\n", addr, i32, f64);
    strcpy(addr + 512, "from C");
    int32_t back = 0x0a0b0c0d;
    memcpy(addr + 600, &back, sizeof back);

    sem_t *sem = sem_open(argv[2], 0);
    if (sem == SEM_FAILED) return fail("sem_open");
    printf("opened\n");
    if (!await_line("go")) return 2;
    if (sem_post(sem) == -1) return fail("sem_post");
    printf("posted\n");

    if (!await_line("next")) return 2;
    printf("waiting\n");
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 30;
    while (sem_timedwait(sem, &deadline) == -1) {
        if (errno == ETIMEDOUT) return 4;
        if (errno != EINTR) return fail("sem_timedwait");
    }
    printf("woke\n");

    int fd2 = shm_open(argv[3], O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd2 == -1) return fail("shm_open O_CREAT");
    if (ftruncate(fd2, 8192) == -1) return fail("ftruncate");
    char *made = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0);
    if (made == MAP_FAILED) return fail("mmap made");
    strcpy(made, "made by C");
    int32_t seventy_seven = 77;
    memcpy(made + 4096, &seventy_seven, sizeof seventy_seven);
    printf("created\n");
    if (!await_line("done")) return 2;

    munmap(made, 8192);
    close(fd2);
    sem_close(sem);
    munmap(addr, st.st_size);
    close(fd);
    return 0;
}
