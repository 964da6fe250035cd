/*
 * A C peer for the synchronized channel, built from the header ipcsh ships,
 * src/main/c/ipcsh_channel.h. Attaches a segment by id and plays one role:
 *
 *   channel_peer SHMID produce COUNT INTERVAL_US   send 0..COUNT-1, then END; prints "sent N"
 *   channel_peer SHMID consume                     print "Received: N" per item, then "end N"
 *
 * A producer initialises the channel if nobody has; a consumer waits for that.
 * Exit status: 0 done, 2 usage, 3 shmat failed, 4 a semaphore call failed.
 */
/* Relative to this file, so that gcc needs no -I: the header ipcsh ships for C. */
#include "../../main/c/ipcsh_channel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: channel_peer SHMID produce COUNT INTERVAL_US | consume\n");
        return 2;
    }
    struct ipcsh_channel *ch = shmat(atoi(argv[1]), NULL, 0);
    if (ch == (void *) -1) {
        perror("shmat");
        return 3;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("attached\n");
    if (strcmp(argv[2], "produce") == 0 && argc == 5) {
        int count = atoi(argv[3]);
        useconds_t interval = (useconds_t) atol(argv[4]);
        if (!ipcsh_channel_ready(ch) && ipcsh_channel_init(ch) == -1) {
            perror("sem_init");
            return 4;
        }
        for (int i = 0; i < count; i++) {
            if (ipcsh_channel_send(ch, i) == -1) {
                perror("send");
                return 4;
            }
            if (interval > 0) {
                usleep(interval);
            }
        }
        if (ipcsh_channel_end(ch, count) == -1) {
            perror("end");
            return 4;
        }
        printf("sent %d\n", count);
    } else if (strcmp(argv[2], "consume") == 0) {
        while (!ipcsh_channel_ready(ch)) {
            usleep(1000);
        }
        int32_t value;
        int r;
        while ((r = ipcsh_channel_receive(ch, &value)) == 1) {
            printf("Received: %d\n", value);
        }
        if (r == -1) {
            perror("receive");
            return 4;
        }
        printf("end %d\n", value);
    } else {
        fprintf(stderr, "usage: channel_peer SHMID produce COUNT INTERVAL_US | consume\n");
        return 2;
    }
    shmdt(ch);
    return 0;
}
