/*
 * A C peer for POSIX message queue tests: one command per line on stdin, one answer per
 * line on stdout ("ok ..." or "error ERRNO_NAME").
 *
 *   open NAME           mq_open(NAME, O_RDWR)                       -> "ok maxmsg N msgsize N"
 *   send PRIO TEXT      mq_send of TEXT (no NUL) with priority PRIO -> "ok"
 *   recv                mq_receive, blocking; prints "waiting" first -> "ok PRIO TEXT"
 *   recv-nowait         mq_receive on an O_NONBLOCK descriptor      -> "ok PRIO TEXT" | "error EAGAIN"
 *   exit
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *errno_name(int e) {
    switch (e) {
        case EACCES: return "EACCES";
        case ENOENT: return "ENOENT";
        case EAGAIN: return "EAGAIN";
        case EMSGSIZE: return "EMSGSIZE";
        case EBADF: return "EBADF";
        case EINVAL: return "EINVAL";
        default: return "EOTHER";
    }
}

int main(void) {
    char line[70000];
    static char buf[65536];
    mqd_t q = (mqd_t) -1;
    mqd_t nonblocking = (mqd_t) -1;
    struct mq_attr attr;
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
        } else if (strcmp(cmd, "open") == 0) {
            char *name = strtok(NULL, " ");
            q = mq_open(name, O_RDWR);
            if (q == (mqd_t) -1) {
                printf("error %s\n", errno_name(errno));
                continue;
            }
            nonblocking = mq_open(name, O_RDWR | O_NONBLOCK);
            mq_getattr(q, &attr);
            printf("ok maxmsg %ld msgsize %ld\n", attr.mq_maxmsg, attr.mq_msgsize);
        } else if (strcmp(cmd, "send") == 0) {
            unsigned prio = (unsigned) atol(strtok(NULL, " "));
            char *text = strtok(NULL, "");
            if (mq_send(q, text == NULL ? "" : text, text == NULL ? 0 : strlen(text), prio) != 0) {
                printf("error %s\n", errno_name(errno));
            } else {
                puts("ok");
            }
        } else if (strcmp(cmd, "recv") == 0 || strcmp(cmd, "recv-nowait") == 0) {
            int wait = strcmp(cmd, "recv") == 0;
            if (wait) {
                puts("waiting");
            }
            unsigned prio = 0;
            ssize_t n = mq_receive(wait ? q : nonblocking, buf, sizeof buf, &prio);
            if (n < 0) {
                printf("error %s\n", errno_name(errno));
            } else {
                printf("ok %u %.*s\n", prio, (int) n, buf);
            }
        } else {
            printf("error unknown command %s\n", cmd);
        }
    }
    if (q != (mqd_t) -1) {
        mq_close(q);
    }
    if (nonblocking != (mqd_t) -1) {
        mq_close(nonblocking);
    }
    return 0;
}
