/*
 * A C peer for SysV message queue tests: one command per line on stdin, one answer per
 * line on stdout ("ok ..." or "error ERRNO_NAME"), so the test drives it step by step.
 *
 *   ftok FILE PROJ      key = ftok(FILE, PROJ), then msgget(key, 0)  -> "ok key 0x... msqid N"
 *   id MSQID            use this msqid                              -> "ok"
 *   send TYPE TEXT      msgsnd of TEXT (no NUL) with mtype TYPE     -> "ok"
 *   recv TYPE           msgrcv(msgtyp TYPE), blocking; prints "waiting" first
 *                                                                   -> "ok TYPE TEXT"
 *   recv-nowait TYPE    msgrcv with IPC_NOWAIT                      -> "ok TYPE TEXT" | "error ENOMSG"
 *   exit
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>

struct message {
    long mtype;
    char mtext[8192];
};

static const char *errno_name(int e) {
    switch (e) {
        case EACCES: return "EACCES";
        case EIDRM: return "EIDRM";
        case EINVAL: return "EINVAL";
        case ENOENT: return "ENOENT";
        case ENOMSG: return "ENOMSG";
        case EAGAIN: return "EAGAIN";
        case EINTR: return "EINTR";
        case E2BIG: return "E2BIG";
        default: return "EOTHER";
    }
}

static int receive(int msqid, long type, int flags) {
    static struct message m;
    ssize_t n = msgrcv(msqid, &m, sizeof m.mtext, type, flags);
    if (n < 0) {
        printf("error %s\n", errno_name(errno));
        return -1;
    }
    printf("ok %ld %.*s\n", m.mtype, (int) n, m.mtext);
    return 0;
}

int main(void) {
    char line[9000];
    int msqid = -1;
    setvbuf(stdout, NULL, _IONBF, 0);
    puts("ready");
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = 0;
        char *cmd = strtok(line, " ");
        if (cmd == NULL) {
            continue;
        }
        if (strcmp(cmd, "exit") == 0) {
            break;
        } else if (strcmp(cmd, "ftok") == 0) {
            char *file = strtok(NULL, " ");
            char *proj = strtok(NULL, " ");
            key_t key = ftok(file, atoi(proj));
            msqid = msgget(key, 0);
            if (msqid < 0) {
                printf("error %s\n", errno_name(errno));
            } else {
                printf("ok key 0x%08x msqid %d\n", (unsigned) key, msqid);
            }
        } else if (strcmp(cmd, "id") == 0) {
            msqid = atoi(strtok(NULL, " "));
            puts("ok");
        } else if (strcmp(cmd, "send") == 0) {
            static struct message m;
            m.mtype = atol(strtok(NULL, " "));
            char *text = strtok(NULL, "");
            size_t len = text == NULL ? 0 : strlen(text);
            memcpy(m.mtext, text == NULL ? "" : text, len);
            if (msgsnd(msqid, &m, len, 0) != 0) {
                printf("error %s\n", errno_name(errno));
            } else {
                puts("ok");
            }
        } else if (strcmp(cmd, "recv") == 0) {
            long type = atol(strtok(NULL, " "));
            puts("waiting");
            receive(msqid, type, 0);
        } else if (strcmp(cmd, "recv-nowait") == 0) {
            receive(msqid, atol(strtok(NULL, " ")), IPC_NOWAIT);
        } else {
            printf("error unknown command %s\n", cmd);
        }
    }
    return 0;
}
