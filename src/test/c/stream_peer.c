/*
 * A C peer for ByteStreamTest: it echoes every byte it reads back until end of stream,
 * then prints "echoed N" (the byte count) and exits 0.
 *
 *   stream_peer fifo IN OUT      open IN to read, then OUT to write (blocking opens, as C does)
 *   stream_peer unix PATH        connect to the Unix socket at PATH
 *   stream_peer tcp PORT         connect to 127.0.0.1:PORT (TCP_NODELAY)
 *   stream_peer listen-unix PATH listen at PATH, print "listening", accept one connection
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void die(const char *what) {
    perror(what);
    exit(1);
}

static int unix_address(const char *path, struct sockaddr_un *sa) {
    memset(sa, 0, sizeof *sa);
    sa->sun_family = AF_UNIX;
    if (strlen(path) >= sizeof sa->sun_path) {
        fprintf(stderr, "path too long\n");
        exit(2);
    }
    strcpy(sa->sun_path, path);
    return socket(AF_UNIX, SOCK_STREAM, 0);
}

int main(int argc, char **argv) {
    int in, out;
    signal(SIGPIPE, SIG_IGN);
    if (argc == 4 && !strcmp(argv[1], "fifo")) {
        if ((in = open(argv[2], O_RDONLY)) < 0) die("open IN");
        if ((out = open(argv[3], O_WRONLY)) < 0) die("open OUT");
    } else if (argc == 3 && !strcmp(argv[1], "unix")) {
        struct sockaddr_un sa;
        in = out = unix_address(argv[2], &sa);
        if (in < 0 || connect(in, (struct sockaddr *) &sa, sizeof sa)) die("connect");
    } else if (argc == 3 && !strcmp(argv[1], "tcp")) {
        struct sockaddr_in sa;
        int one = 1;
        memset(&sa, 0, sizeof sa);
        sa.sin_family = AF_INET;
        sa.sin_port = htons((unsigned short) atoi(argv[2]));
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        in = out = socket(AF_INET, SOCK_STREAM, 0);
        if (in < 0 || connect(in, (struct sockaddr *) &sa, sizeof sa)) die("connect");
        if (setsockopt(in, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one)) die("TCP_NODELAY");
    } else if (argc == 3 && !strcmp(argv[1], "listen-unix")) {
        struct sockaddr_un sa;
        int l = unix_address(argv[2], &sa);
        if (l < 0 || bind(l, (struct sockaddr *) &sa, sizeof sa) || listen(l, 1)) die("listen");
        printf("listening\n");
        fflush(stdout);
        in = out = accept(l, NULL, NULL);
        if (in < 0) die("accept");
        close(l);
        unlink(argv[2]);
    } else {
        fprintf(stderr, "usage: stream_peer fifo IN OUT | unix PATH | tcp PORT | listen-unix PATH\n");
        return 2;
    }
    char buf[65536];
    long total = 0;
    for (;;) {
        ssize_t r = read(in, buf, sizeof buf);
        if (r < 0) die("read");
        if (r == 0) break;
        for (ssize_t done = 0; done < r;) {
            ssize_t w = write(out, buf + done, (size_t) (r - done));
            if (w < 0) die("write");
            done += w;
        }
        total += r;
    }
    printf("echoed %ld\n", total);
    return 0;
}
