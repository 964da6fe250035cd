/*
 * C side of SemaphoreSetInteropTest: a System V semaphore set reached as a C program
 * reaches it, by ftok key, with semop and semctl.
 *
 *   semset_peer PATH PROJ STEP...
 *
 * ftok(PATH, PROJ), semget(key, 0, 0), IPC_STAT for nsems; prints "semid N nsems N".
 * Then each STEP in order, printing one line after it:
 *   get            semctl GETALL          -> "values V0 V1 ..."
 *   N:D[,N:D...]   one semop of those operations (D is -K, +K or 0; 30 s semtimedop)
 *                                         -> "done N:D,..."
 *   set:V0,V1...   semctl SETALL          -> "set"
 *
 * Exit status: 0 done, 2 usage, 3 a call failed (perror says which), 4 timed out.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <time.h>

union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

static int fail(const char *what) {
    perror(what);
    fflush(stdout);
    return 3;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: semset_peer PATH PROJ STEP...\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    key_t key = ftok(argv[1], atoi(argv[2]));
    if (key == -1) {
        return fail("ftok");
    }
    int semid = semget(key, 0, 0);
    if (semid == -1) {
        return fail("semget");
    }
    struct semid_ds ds;
    union semun arg = {.buf = &ds};
    if (semctl(semid, 0, IPC_STAT, arg) == -1) {
        return fail("semctl IPC_STAT");
    }
    int nsems = (int) ds.sem_nsems;
    printf("semid %d nsems %d\n", semid, nsems);
    unsigned short values[64];
    if (nsems > 64) {
        fprintf(stderr, "at most 64 members\n");
        return 2;
    }
    for (int i = 3; i < argc; i++) {
        const char *step = argv[i];
        if (strcmp(step, "get") == 0) {
            arg.array = values;
            if (semctl(semid, 0, GETALL, arg) == -1) {
                return fail("semctl GETALL");
            }
            printf("values");
            for (int n = 0; n < nsems; n++) {
                printf(" %u", values[n]);
            }
            printf("\n");
        } else if (strncmp(step, "set:", 4) == 0) {
            const char *p = step + 4;
            for (int n = 0; n < nsems; n++) {
                values[n] = (unsigned short) strtoul(p, (char **) &p, 10);
                if (*p == ',') {
                    p++;
                }
            }
            arg.array = values;
            if (semctl(semid, 0, SETALL, arg) == -1) {
                return fail("semctl SETALL");
            }
            printf("set\n");
        } else {
            struct sembuf ops[16];
            size_t nops = 0;
            const char *p = step;
            while (*p && nops < 16) {
                char *end;
                ops[nops].sem_num = (unsigned short) strtoul(p, &end, 10);
                if (*end != ':') {
                    fprintf(stderr, "bad step %s\n", step);
                    return 2;
                }
                ops[nops].sem_op = (short) strtol(end + 1, &end, 10);
                ops[nops].sem_flg = 0;
                nops++;
                p = *end == ',' ? end + 1 : end;
            }
            struct timespec limit = {30, 0};
            if (semtimedop(semid, ops, nops, &limit) == -1) {
                if (errno == EAGAIN) {
                    fprintf(stderr, "timed out on %s\n", step);
                    return 4;
                }
                return fail("semtimedop");
            }
            printf("done %s\n", step);
        }
    }
    return 0;
}
