/*
 * A C peer for the reliability tests: attaches a segment by id and plays one role,
 * announcing each step on stdout so the test knows when to act (for instance, when to
 * SIGKILL it).
 *
 *   peer SHMID attach        attach, print "attached", then sleep until killed
 *   peer SHMID wait OFFSET   print "waiting", sem_wait on the sem_t at OFFSET, print "woke"
 *   peer SHMID hold OFFSET   sem_wait (take the semaphore), print "holding", sleep until killed
 *
 * Exit status: 0 done, 2 usage, 3 shmat failed, 4 sem_wait failed.
 */
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: peer SHMID attach|wait|hold [OFFSET]\n");
        return 2;
    }
    int shmid = atoi(argv[1]);
    const char *role = argv[2];
    long offset = argc > 3 ? atol(argv[3]) : 0;
    char *addr = shmat(shmid, NULL, 0);
    if (addr == (void *) -1) {
        perror("shmat");
        return 3;
    }
    sem_t *sem = (sem_t *) (addr + offset);
    setvbuf(stdout, NULL, _IONBF, 0);
    if (strcmp(role, "attach") == 0) {
        puts("attached");
        for (;;) pause();
    } else if (strcmp(role, "wait") == 0) {
        puts("waiting");
        if (sem_wait(sem) != 0) {
            perror("sem_wait");
            return 4;
        }
        puts("woke");
        return 0;
    } else if (strcmp(role, "hold") == 0) {
        if (sem_wait(sem) != 0) {
            perror("sem_wait");
            return 4;
        }
        puts("holding");
        for (;;) pause();
    }
    fprintf(stderr, "unknown role: %s\n", role);
    return 2;
}
