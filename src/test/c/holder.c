/*
 * A C peer for who and the robust mutex tests: holds a SysV segment, or a
 * pthread_mutex_t in one, and says so on stdout so the test knows when to look or kill.
 *
 *   holder attach SHMID ro|rw      shmat (SHM_RDONLY for ro), print "attached", exit at stdin EOF
 *   holder lock SHMID OFFSET       pthread_mutex_lock the mutex at OFFSET, print "locked TID",
 *                                  then sleep until killed (to die holding it)
 *   holder recover SHMID OFFSET    lock it; on EOWNERDEAD print "owner died", then
 *                                  pthread_mutex_consistent ("consistent"); unlock, print "unlocked"
 *   holder trylock SHMID OFFSET    pthread_mutex_trylock, print its result by name, unlock if taken
 *   holder shm /NAME               shm_open(O_CREAT, 0600) + ftruncate 4096 + mmap, print "mapped",
 *                                  exit at stdin EOF (the test unlinks it)
 *   holder sem /NAME               sem_open(O_CREAT, 0600, 0), print "opened", exit at stdin EOF
 *   holder map FILE NEWNAME        open and mmap FILE (shared), link it as NEWNAME and unlink
 *                                  FILE, as sem_open does with its sem.XXXXXX (maps then shows
 *                                  "FILE (deleted)"), keep the descriptor, print "mapped",
 *                                  exit at stdin EOF
 *
 * Exit status: 0 done, 2 usage, 3 shmat failed, 4 a pthread call failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

static const char *name(int e) {
    switch (e) {
    case 0: return "0";
    case EBUSY: return "EBUSY";
    case EOWNERDEAD: return "EOWNERDEAD";
    case ENOTRECOVERABLE: return "ENOTRECOVERABLE";
    case EPERM: return "EPERM";
    case EINVAL: return "EINVAL";
    default: return strerror(e);
    }
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: holder attach SHMID ro|rw | lock|recover|trylock SHMID OFFSET | map FILE NEWNAME"
                " | shm|sem /NAME\n");
        return 2;
    }
    const char *role = argv[1];
    setvbuf(stdout, NULL, _IONBF, 0);
    if (strcmp(role, "shm") == 0 || strcmp(role, "sem") == 0) {
        if (strcmp(role, "shm") == 0) {
            int fd = shm_open(argv[2], O_RDWR | O_CREAT, 0600);
            if (fd < 0 || ftruncate(fd, 4096) != 0
                    || mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED) {
                perror("shm");
                return 3;
            }
            puts("mapped");
        } else {
            if (sem_open(argv[2], O_CREAT, 0600, 0) == SEM_FAILED) {
                perror("sem_open");
                return 3;
            }
            puts("opened");
        }
        char buf[64];
        while (fread(buf, 1, sizeof buf, stdin) > 0) {
        }
        return 0;
    }
    if (strcmp(role, "map") == 0 && argc > 3) {
        int fd = open(argv[2], O_RDWR);
        void *p = fd < 0 ? MAP_FAILED : mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (p == MAP_FAILED || link(argv[2], argv[3]) != 0 || unlink(argv[2]) != 0) {
            perror("map");
            return 3;
        }
        puts("mapped");
        char buf[64];
        while (fread(buf, 1, sizeof buf, stdin) > 0) {
        }
        return 0;
    }
    if (argc < 4) {
        fprintf(stderr, "usage: holder attach SHMID ro|rw | lock|recover|trylock SHMID OFFSET | map FILE NEWNAME"
                " | shm|sem /NAME\n");
        return 2;
    }
    int shmid = atoi(argv[2]);
    int readonly = strcmp(role, "attach") == 0 && strcmp(argv[3], "ro") == 0;
    char *addr = shmat(shmid, NULL, readonly ? SHM_RDONLY : 0);
    if (addr == (void *) -1) {
        perror("shmat");
        return 3;
    }
    if (strcmp(role, "attach") == 0) {
        puts("attached");
        char buf[64];
        while (fread(buf, 1, sizeof buf, stdin) > 0) {
        }
        return 0;
    }
    pthread_mutex_t *m = (pthread_mutex_t *) (addr + atol(argv[3]));
    if (strcmp(role, "lock") == 0) {
        int r = pthread_mutex_lock(m);
        if (r != 0 && r != EOWNERDEAD) {
            printf("lock failed %s\n", name(r));
            return 4;
        }
        printf("locked %d\n", (int) gettid());
        for (;;) pause();
    } else if (strcmp(role, "recover") == 0) {
        int r = pthread_mutex_lock(m);
        if (r == EOWNERDEAD) {
            puts("owner died");
            r = pthread_mutex_consistent(m);
            if (r != 0) {
                printf("consistent failed %s\n", name(r));
                return 4;
            }
            puts("consistent");
        } else if (r != 0) {
            printf("lock failed %s\n", name(r));
            return 4;
        }
        r = pthread_mutex_unlock(m);
        printf(r == 0 ? "unlocked\n" : "unlock failed %s\n", name(r));
        return r == 0 ? 0 : 4;
    } else if (strcmp(role, "trylock") == 0) {
        int r = pthread_mutex_trylock(m);
        printf("trylock %s\n", name(r));
        if (r == 0 || r == EOWNERDEAD) {
            pthread_mutex_unlock(m);
        }
        return 0;
    }
    fprintf(stderr, "unknown role %s\n", role);
    return 2;
}
