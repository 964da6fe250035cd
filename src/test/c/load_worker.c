/*
 * A C producer or consumer for the many-to-many load test (ChannelLoadTest), speaking the
 * synchronized channel of the header ipcsh ships (src/main/c/ipcsh_channel.h) plus the
 * test's own fields after it (LoadDescriptor):
 *
 *    80  int32 producers_done   producers that sent all their items
 *    88  sem_t start            every worker waits here once, so that all start together
 *  4096  int32 counts[ITEMS]    a consumer adds 1 to counts[item] for each item it takes
 *
 *   load_worker SHMID produce INDEX PRODUCERS CONSUMERS ITEMS
 *       sends every item i < ITEMS with i % PRODUCERS == INDEX; the last producer to
 *       finish sends one END per consumer. Prints "sent N".
 *   load_worker SHMID consume INDEX PRODUCERS CONSUMERS ITEMS
 *       takes items until an END. Prints "took N SUM BAD" (BAD: values out of range).
 *
 * Both print "ready" once attached. Exit status: 0 done, 2 usage, 3 shmat, 4 semaphore.
 */
#include "../../main/c/ipcsh_channel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>

#define PRODUCERS_DONE_OFFSET 80
#define START_OFFSET 88
#define COUNTS_OFFSET 4096

int main(int argc, char **argv) {
    if (argc != 7) {
        fprintf(stderr, "usage: load_worker SHMID produce|consume INDEX PRODUCERS CONSUMERS ITEMS\n");
        return 2;
    }
    char *base = shmat(atoi(argv[1]), NULL, 0);
    if (base == (void *) -1) {
        perror("shmat");
        return 3;
    }
    int index = atoi(argv[3]), producers = atoi(argv[4]), consumers = atoi(argv[5]), items = atoi(argv[6]);
    struct ipcsh_channel *ch = (struct ipcsh_channel *) base;
    int32_t *producers_done = (int32_t *) (base + PRODUCERS_DONE_OFFSET);
    int32_t *counts = (int32_t *) (base + COUNTS_OFFSET);
    setvbuf(stdout, NULL, _IOLBF, 0);
    puts("ready");
    if (ipcsh_channel_wait((sem_t *) (base + START_OFFSET)) == -1) {
        perror("sem_wait start");
        return 4;
    }
    if (strcmp(argv[2], "produce") == 0) {
        long sent = 0;
        for (int i = index; i < items; i += producers) {
            if (ipcsh_channel_send(ch, i) == -1) {
                perror("send");
                return 4;
            }
            sent++;
        }
        if (__atomic_add_fetch(producers_done, 1, __ATOMIC_SEQ_CST) == producers) {
            for (int c = 0; c < consumers; c++) {
                if (ipcsh_channel_end(ch, items) == -1) {
                    perror("end");
                    return 4;
                }
            }
        }
        printf("sent %ld\n", sent);
        return 0;
    }
    if (strcmp(argv[2], "consume") == 0) {
        long took = 0, sum = 0, bad = 0;
        int32_t value;
        int r;
        while ((r = ipcsh_channel_receive(ch, &value)) == 1) {
            if (value < 0 || value >= items) {
                bad++;
            } else {
                __atomic_add_fetch(&counts[value], 1, __ATOMIC_RELAXED);
            }
            took++;
            sum += value;
        }
        if (r == -1) {
            perror("receive");
            return 4;
        }
        printf("took %ld %ld %ld\n", took, sum, bad);
        return 0;
    }
    fprintf(stderr, "unknown role: %s\n", argv[2]);
    return 2;
}
