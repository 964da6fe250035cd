/*
 * ipcbench: the C side of `ipcsh bench`. The same mechanisms and the same protocol as
 * io.ipcsh.bench (see BenchDescriptor.java for the shared-memory layout), between a
 * parent and a forked child pinned to two CPUs, so that Java/C ratios come from one run.
 *
 *   ipcbench rtt  MECH ROUNDS WARMUP CPU_A CPU_B  ->  "rtt MEDIAN_NS P99_NS P999_NS ROUNDS"
 *   ipcbench rtt  MECH ROUNDS WARMUP CPU_A CPU_B samples  ->  "samples ROUNDS", then one line per round trip (ns)
 *   ipcbench tput MECH SIZE COUNT CPU_A CPU_B     ->  "tput NANOS COUNT SIZE"
 *   ipcbench sempair COUNT                        ->  "sempair NANOS_PER_PAIR"
 *   ipcbench fifopair COUNT [thread|ownfiles]     ->  "fifopair NANOS_PER_PAIR THREADS SHARING_THE_FDS"
 *
 * MECH: shm-spin shm-sem shm-adaptive pipe unix tcp. CPU -1 leaves a side unpinned.
 * Compiled by the bench at run time: gcc -O2 -pthread ipcbench.c -o ipcbench
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <dirent.h>
#include <pthread.h>
#include <sched.h>
#include <sys/prctl.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Layout of the bench segment: keep in step with BenchDescriptor.java. */
#define OFF_PING 0
#define OFF_PONG 128
#define OFF_SEM_A 256
#define OFF_SEM_B 320
#define OFF_SEM_DONE 384
#define OFF_HEAD 512
#define OFF_TAIL 640
#define OFF_DATA 4096
#define RING_BYTES (4L << 20)
#define MAX_SLOTS 4096
#define SPIN_MAX_SLOTS 32768
#define SEGMENT_SIZE (OFF_DATA + RING_BYTES)
#define RTT_MESSAGE 8
#define SPIN_NANOS 50000L /* Semaphore.DEFAULT_SPIN */

enum mech { SHM_SPIN, SHM_SEM, SHM_ADAPTIVE, PIPE, UNIX, TCP };

static void die(const char *what) {
    perror(what);
    exit(1);
}

static long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static void pin(int cpu) {
    if (cpu < 0) return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0) die("sched_setaffinity");
}

static enum mech parse_mech(const char *s) {
    if (!strcmp(s, "shm-spin")) return SHM_SPIN;
    if (!strcmp(s, "shm-sem")) return SHM_SEM;
    if (!strcmp(s, "shm-adaptive")) return SHM_ADAPTIVE;
    if (!strcmp(s, "pipe")) return PIPE;
    if (!strcmp(s, "unix")) return UNIX;
    if (!strcmp(s, "tcp")) return TCP;
    fprintf(stderr, "ipcbench: unknown mechanism %s\n", s);
    exit(2);
}

/* ---- shared memory ---- */

static char *shm;

static volatile int64_t *word(long off) { return (volatile int64_t *) (shm + off); }
static sem_t *sem_at(long off) { return (sem_t *) (shm + off); }

/* Volatile load/store, as Java's getVolatile/setVolatile compile on x86_64. */
static int64_t load(long off) { return __atomic_load_n(word(off), __ATOMIC_SEQ_CST); }
static void store(long off, int64_t v) { __atomic_store_n(word(off), v, __ATOMIC_SEQ_CST); }
/* Acquire load / release store, as Memory.getLongAcquire/putLongRelease: the ring's counters. */
static int64_t load_acquire(long off) { return __atomic_load_n(word(off), __ATOMIC_ACQUIRE); }
static void store_release(long off, int64_t v) { __atomic_store_n(word(off), v, __ATOMIC_RELEASE); }

static void sem_wait_all(sem_t *s) {
    while (sem_wait(s) != 0)
        if (errno != EINTR) die("sem_wait");
}

/* Semaphore.awaitAdaptive in C: poll glibc's count word, sem_trywait when positive, then block. */
static void sem_wait_adaptive(sem_t *s) {
    long start = 0; /* as in Java: the clock starts after the first 64 polls */
    for (;;) {
        for (int i = 0; i < 64; i++) {
            if (__atomic_load_n((volatile uint32_t *) s, __ATOMIC_SEQ_CST) != 0 && sem_trywait(s) == 0) return;
            __builtin_ia32_pause();
        }
        long now = now_ns();
        if (start == 0) start = now;
        else if (now - start >= SPIN_NANOS) break;
    }
    sem_wait_all(s);
}

static void shm_setup(int slots) {
    int id = shmget(IPC_PRIVATE, SEGMENT_SIZE, IPC_CREAT | 0600);
    if (id < 0) die("shmget");
    shm = shmat(id, NULL, 0);
    if (shm == (void *) -1) {
        shmctl(id, IPC_RMID, NULL); /* don't leave the segment behind */
        die("shmat");
    }
    /* Freed once parent and child have both detached (exited). */
    if (shmctl(id, IPC_RMID, NULL) != 0) die("shmctl");
    memset(shm, 0, OFF_DATA);
    if (sem_init(sem_at(OFF_SEM_A), 1, 0) || sem_init(sem_at(OFF_SEM_B), 1, slots)
        || sem_init(sem_at(OFF_SEM_DONE), 1, 0)) die("sem_init");
}

/* ---- streams ---- */

static int fd_out, fd_in; /* this side's write and read ends */
static int child_out, child_in, parent_out, parent_in;

static void write_all(int fd, const char *buf, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, buf, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            die("write");
        }
        buf += w;
        n -= (size_t) w;
    }
}

static void read_all(int fd, char *buf, size_t n) {
    while (n > 0) {
        ssize_t r = read(fd, buf, n);
        if (r < 0) {
            if (errno == EINTR) continue;
            die("read");
        }
        if (r == 0) {
            fprintf(stderr, "ipcbench: peer closed the stream\n");
            exit(1);
        }
        buf += r;
        n -= (size_t) r;
    }
}

static int tcp_listener;
static struct sockaddr_in tcp_addr;

/*
 * Pipes are two FIFOs in a directory of their own under $TMPDIR (the bench passes Java's
 * java.io.tmpdir), as the Java side's. A FIFO is the same kernel pipe, yet 8-byte messages
 * through one ran at 0.84 of pipe(2)'s rate here (median of 16 alternating C runs, Linux
 * 6.18), so C on pipe(2) against Java on FIFOs measured the object, not the language.
 */
static char fifo_dir[4096], fifo_down[4200], fifo_up[4200];

static void stream_setup(enum mech m) {
    if (m == PIPE) {
        const char *tmp = getenv("TMPDIR");
        snprintf(fifo_dir, sizeof fifo_dir, "%s/ipcbench-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(fifo_dir)) die("mkdtemp");
        snprintf(fifo_down, sizeof fifo_down, "%s/down", fifo_dir);
        snprintf(fifo_up, sizeof fifo_up, "%s/up", fifo_dir);
        if (mkfifo(fifo_down, 0600) || mkfifo(fifo_up, 0600)) die("mkfifo");
    } else if (m == UNIX) {
        int sv[2];
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) die("socketpair");
        parent_out = parent_in = sv[0];
        child_out = child_in = sv[1];
    } else {
        tcp_listener = socket(AF_INET, SOCK_STREAM, 0);
        if (tcp_listener < 0) die("socket");
        memset(&tcp_addr, 0, sizeof tcp_addr);
        tcp_addr.sin_family = AF_INET;
        tcp_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof tcp_addr;
        if (bind(tcp_listener, (struct sockaddr *) &tcp_addr, len) || listen(tcp_listener, 1)
            || getsockname(tcp_listener, (struct sockaddr *) &tcp_addr, &len)) die("tcp listen");
    }
}

/* Removes both FIFOs and their directory, trying all three: -1 if one failed. Async-signal-safe. */
static int remove_fifos(void) {
    return unlink(fifo_down) | unlink(fifo_up) | rmdir(fifo_dir);
}

static void nodelay(int fd) {
    int one = 1;
    if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one)) die("TCP_NODELAY");
}

/* Each side keeps its own ends after fork. */
static void stream_side(enum mech m, int parent) {
    if (m == TCP) {
        int fd;
        if (parent) {
            fd = accept(tcp_listener, NULL, NULL);
            if (fd < 0) die("accept");
        } else {
            fd = socket(AF_INET, SOCK_STREAM, 0);
            if (fd < 0 || connect(fd, (struct sockaddr *) &tcp_addr, sizeof tcp_addr)) die("connect");
        }
        close(tcp_listener);
        nodelay(fd);
        fd_out = fd_in = fd;
        return;
    }
    if (m == PIPE) {
        /* Both open "down" first: each blocking open waits for the other side's. */
        if (parent) {
            if ((fd_out = open(fifo_down, O_WRONLY | O_CLOEXEC)) < 0 || (fd_in = open(fifo_up, O_RDONLY | O_CLOEXEC)) < 0) die("open FIFO");
            /* Both ends are open on both sides: the names are no longer needed. */
            if (remove_fifos()) die("remove FIFOs");
        } else if ((fd_in = open(fifo_down, O_RDONLY | O_CLOEXEC)) < 0 || (fd_out = open(fifo_up, O_WRONLY | O_CLOEXEC)) < 0) {
            die("open FIFO");
        }
        return;
    }
    if (parent) {
        fd_out = parent_out, fd_in = parent_in;
        if (child_in != parent_in) close(child_in);
        if (child_out != parent_out && child_out != child_in) close(child_out);
    } else {
        fd_out = child_out, fd_in = child_in;
        if (parent_in != child_in) close(parent_in);
        if (parent_out != child_out && parent_out != parent_in) close(parent_out);
    }
}

/* ---- round trips ---- */

static void rtt_child(enum mech m, long total) {
    char buf[RTT_MESSAGE];
    for (long i = 1; i <= total; i++) {
        switch (m) {
        case SHM_SPIN:
            while (load(OFF_PING) != i) __builtin_ia32_pause();
            store(OFF_PONG, i);
            break;
        case SHM_SEM:
            sem_wait_all(sem_at(OFF_SEM_A));
            if (sem_post(sem_at(OFF_SEM_B))) die("sem_post");
            break;
        case SHM_ADAPTIVE:
            sem_wait_adaptive(sem_at(OFF_SEM_A));
            if (sem_post(sem_at(OFF_SEM_B))) die("sem_post");
            break;
        default:
            read_all(fd_in, buf, RTT_MESSAGE);
            write_all(fd_out, buf, RTT_MESSAGE);
        }
    }
}

static int cmp_long(const void *a, const void *b) {
    long x = *(const long *) a, y = *(const long *) b;
    return x < y ? -1 : x > y;
}

/* The value below which a fraction p of the sorted samples lie (nearest rank); as Stats.java. */
static long percentile(const long *sorted, long n, double p) {
    long rank = (long) ((p * n) + 0.999999999);
    if (rank < 1) rank = 1;
    if (rank > n) rank = n;
    return sorted[rank - 1];
}

static void rtt_parent(enum mech m, long rounds, long warmup, int print_samples) {
    long *samples = malloc(sizeof(long) * rounds);
    char buf[RTT_MESSAGE] = {0};
    if (!samples) die("malloc");
    for (long i = 1; i <= rounds + warmup; i++) {
        long t0 = now_ns();
        switch (m) {
        case SHM_SPIN:
            store(OFF_PING, i);
            while (load(OFF_PONG) != i) __builtin_ia32_pause();
            break;
        case SHM_SEM:
            if (sem_post(sem_at(OFF_SEM_A))) die("sem_post");
            sem_wait_all(sem_at(OFF_SEM_B));
            break;
        case SHM_ADAPTIVE:
            if (sem_post(sem_at(OFF_SEM_A))) die("sem_post");
            sem_wait_adaptive(sem_at(OFF_SEM_B));
            break;
        default:
            memcpy(buf, &i, sizeof i);
            write_all(fd_out, buf, RTT_MESSAGE);
            read_all(fd_in, buf, RTT_MESSAGE);
        }
        long t1 = now_ns();
        if (i > warmup) samples[i - warmup - 1] = t1 - t0;
    }
    if (print_samples) {
        printf("samples %ld\n", rounds);
        for (long i = 0; i < rounds; i++) printf("%ld\n", samples[i]);
        free(samples);
        return;
    }
    qsort(samples, rounds, sizeof(long), cmp_long);
    printf("rtt %ld %ld %ld %ld\n", percentile(samples, rounds, 0.5), percentile(samples, rounds, 0.99),
           percentile(samples, rounds, 0.999), rounds);
}

/* ---- one-way throughput: the parent sends COUNT messages of SIZE bytes ---- */

static long slots_for(long size) {
    long slots = RING_BYTES / size;
    return slots > MAX_SLOTS ? MAX_SLOTS : slots;
}

static long spin_slots_for(long size) {
    long slots = RING_BYTES / size;
    return slots > SPIN_MAX_SLOTS ? SPIN_MAX_SLOTS : slots;
}

/*
 * shm-spin's ring, as SpinRing.java (keep the two in step): each side reads the other's
 * counter only when its cached copy says the ring is full (writer) or empty (reader); the
 * reader gives slots back once per RELEASE_PARTS-th of the ring and before it waits, and
 * the writer publishes head once per PUBLISH_BYTES of messages and at the end, not once
 * per message; slots are found by stepping an offset, not by a division. It has up to
 * SPIN_MAX_SLOTS slots, the semaphores' bounded buffer up to MAX_SLOTS.
 */
#define RELEASE_PARTS 4
#define PUBLISH_BYTES 512

static void ring_send(const char *buf, long size, long count) {
    long slots = spin_slots_for(size);
    char *first = shm + OFF_DATA, *end = first + slots * size, *at = first;
    long release = slots / RELEASE_PARTS > 0 ? slots / RELEASE_PARTS : 1;
    long batch = PUBLISH_BYTES / size < release ? PUBLISH_BYTES / size : release;
    if (batch < 1) batch = 1;
    int64_t tail = 0, published = 0;
    for (long i = 0; i < count; i++) {
        while (i - tail >= slots) {
            tail = load_acquire(OFF_TAIL);
            if (i - tail >= slots) __builtin_ia32_pause();
        }
        memcpy(at, buf, size);
        if (i + 1 - published >= batch) store_release(OFF_HEAD, published = i + 1);
        at += size;
        if (at == end) at = first;
    }
    if (published < count) store_release(OFF_HEAD, count);
    while (load_acquire(OFF_TAIL) != count) __builtin_ia32_pause();
}

static void ring_receive(char *buf, long size, long count) {
    long slots = spin_slots_for(size);
    long batch = slots / RELEASE_PARTS > 0 ? slots / RELEASE_PARTS : 1;
    char *first = shm + OFF_DATA, *end = first + slots * size, *at = first;
    int64_t head = 0, released = 0;
    for (long i = 0; i < count; i++) {
        if (head <= i) {
            if (released < i) store_release(OFF_TAIL, released = i);
            while ((head = load_acquire(OFF_HEAD)) <= i) __builtin_ia32_pause();
        }
        memcpy(buf, at, size);
        at += size;
        if (at == end) at = first;
        if (i + 1 - released >= batch) store_release(OFF_TAIL, released = i + 1);
    }
    if (released < count) store_release(OFF_TAIL, count);
}

static void tput_child(enum mech m, long size, long count) {
    char *buf = malloc(size);
    long slots = slots_for(size);
    if (!buf) die("malloc");
    if (m == SHM_SPIN) {
        ring_receive(buf, size, count);
        free(buf);
        return;
    }
    for (long i = 0; i < count; i++) {
        char *slot = shm ? shm + OFF_DATA + (i % slots) * size : NULL;
        switch (m) {
        case SHM_SEM:
        case SHM_ADAPTIVE:
            if (m == SHM_SEM) sem_wait_all(sem_at(OFF_SEM_A)); else sem_wait_adaptive(sem_at(OFF_SEM_A));
            memcpy(buf, slot, size);
            if (sem_post(sem_at(OFF_SEM_B))) die("sem_post");
            break;
        default:
            read_all(fd_in, buf, size);
        }
    }
    if (m == SHM_SEM || m == SHM_ADAPTIVE) {
        if (sem_post(sem_at(OFF_SEM_DONE))) die("sem_post");
    } else {
        write_all(fd_out, "k", 1);
    }
    free(buf);
}

static void tput_parent(enum mech m, long size, long count) {
    char *buf = malloc(size);
    long slots = slots_for(size);
    if (!buf) die("malloc");
    memset(buf, 'x', size);
    long t0 = now_ns();
    if (m == SHM_SPIN) {
        ring_send(buf, size, count); /* returns once the reader took the last */
    } else {
        for (long i = 0; i < count; i++) {
            char *slot = shm ? shm + OFF_DATA + (i % slots) * size : NULL;
            switch (m) {
            case SHM_SEM:
            case SHM_ADAPTIVE:
                if (m == SHM_SEM) sem_wait_all(sem_at(OFF_SEM_B)); else sem_wait_adaptive(sem_at(OFF_SEM_B));
                memcpy(slot, buf, size);
                if (sem_post(sem_at(OFF_SEM_A))) die("sem_post");
                break;
            default:
                write_all(fd_out, buf, size);
            }
        }
        if (m == SHM_SEM || m == SHM_ADAPTIVE) sem_wait_all(sem_at(OFF_SEM_DONE));
        else read_all(fd_in, buf, 1);
    }
    long t1 = now_ns();
    printf("tput %ld %ld %ld\n", t1 - t0, count, size);
    free(buf);
}

/* ---- sem_post + sem_trywait, the pair the JMH benchmark makes through FFM ---- */

static void sempair(long count) {
    sem_t s;
    if (sem_init(&s, 1, 0)) die("sem_init");
    for (int round = 0; round < 2; round++) { /* the first is warm-up */
        long t0 = now_ns();
        for (long i = 0; i < count; i++) {
            if (sem_post(&s) || sem_trywait(&s)) die("sem pair");
        }
        long t1 = now_ns();
        if (round == 1) printf("sempair %.2f\n", (double) (t1 - t0) / count);
    }
}

/*
 * ---- an 8-byte write + read on one FIFO, in one thread: the per-call cost that the pipe
 * rows pay twice a message, beside BenchChild's loop through ByteStream. Neither call can
 * block: the FIFO holds the 8 bytes until the read takes them. With "thread", a second
 * thread sleeps beside the loop, as a JVM's always do: the kernel's read and write then
 * cost more (a descriptor table shared by threads makes each call take a reference on
 * its file), which a process of one thread, like the bench's C peers, never pays. With
 * "ownfiles", the loop's thread then gives itself a descriptor table of its own
 * (unshare(CLONE_FILES)) while the second thread still sleeps: if the extra goes, it was
 * the shared table, not the thread. A JVM can't do that: its threads share descriptors
 * (a stream opened in one is read or closed in another). ----
 */
static void *sleep_forever(void *unused) {
    for (;;) pause();
    return unused;
}

/*
 * This process's threads, and how many of them see descriptor fd, opened by the loop after
 * any unshare: the threads sharing the loop's table. The figure says both, so it can't
 * claim a table it didn't run with (an unshared table is a copy made before fd existed).
 */
static void threads_seeing(int fd, int *threads, int *sharing) {
    char path[sizeof "/proc/self/task//fd/" + 256 + 12];
    struct stat st;
    struct dirent *e;
    DIR *tasks = opendir("/proc/self/task");
    if (!tasks) die("/proc/self/task");
    *threads = *sharing = 0;
    while ((e = readdir(tasks))) {
        if (e->d_name[0] == '.') continue;
        ++*threads;
        snprintf(path, sizeof path, "/proc/self/task/%s/fd/%d", e->d_name, fd);
        if (!lstat(path, &st)) ++*sharing;
    }
    closedir(tasks);
}

enum fifopair_threads { ONE_THREAD, SECOND_THREAD, SECOND_THREAD_OWN_FILES };

static void fifopair(long count, enum fifopair_threads threads) {
    enum { SIZE = 8 };
    char buf[SIZE] = "xxxxxxx";
    pthread_t sleeper;
    if (threads != ONE_THREAD && pthread_create(&sleeper, NULL, sleep_forever, NULL)) die("pthread_create");
    if (threads == SECOND_THREAD_OWN_FILES && unshare(CLONE_FILES)) die("unshare(CLONE_FILES)");
    stream_setup(PIPE);
    int in = open(fifo_down, O_RDONLY | O_NONBLOCK | O_CLOEXEC); /* at once: no writer yet */
    int out = in < 0 ? -1 : open(fifo_down, O_WRONLY | O_CLOEXEC);
    int unlinked = remove_fifos();
    if (in < 0 || out < 0 || fcntl(in, F_SETFL, fcntl(in, F_GETFL) & ~O_NONBLOCK) || unlinked) die("fifopair setup");
    int ran_with, sharing;
    threads_seeing(in, &ran_with, &sharing);
    for (int round = 0; round < 2; round++) { /* the first is warm-up */
        long t0 = now_ns();
        for (long i = 0; i < count; i++) {
            write_all(out, buf, SIZE);
            read_all(in, buf, SIZE);
        }
        long t1 = now_ns();
        if (round == 1) printf("fifopair %.2f %d %d\n", (double) (t1 - t0) / count, ran_with, sharing);
    }
}

/*
 * A child that fails before the run is over (a CPU it can't be pinned to, say) would
 * leave the parent waiting for ever: in open() for the other end of a FIFO, in accept(),
 * or spinning on a counter nobody moves. Its SIGCHLD ends the parent then, with the FIFOs
 * removed and a line that says so. A child that exited 0 was done: its status is kept
 * for main's waitpid.
 */
static volatile sig_atomic_t child_done;

static void on_child_exit(int sig) {
    int saved = errno, status;
    (void) sig;
    if (waitpid(-1, &status, WNOHANG) > 0) {
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
            child_done = 1;
        } else {
            static const char msg[] = "ipcbench: the child failed before the run was over\n";
            if (fifo_dir[0]) remove_fifos(); /* already gone once both ends were open */
            ssize_t told = write(2, msg, sizeof msg - 1); /* nothing to do if it fails */
            (void) told;
            _exit(1);
        }
    }
    errno = saved;
}

int main(int argc, char **argv) {
    if (argc == 3 && !strcmp(argv[1], "sempair")) {
        sempair(atol(argv[2]));
        return 0;
    }
    const char *who = argc == 4 ? argv[3] : "";
    if ((argc == 3 || argc == 4) && !strcmp(argv[1], "fifopair") && (!*who || !strcmp(who, "thread") || !strcmp(who, "ownfiles"))) {
        fifopair(atol(argv[2]), !*who ? ONE_THREAD : !strcmp(who, "thread") ? SECOND_THREAD : SECOND_THREAD_OWN_FILES);
        return 0;
    }
    int print_samples = argc == 8 && !strcmp(argv[1], "rtt") && !strcmp(argv[7], "samples");
    if ((argc != 7 && !print_samples) || (strcmp(argv[1], "rtt") && strcmp(argv[1], "tput"))) {
        fprintf(stderr, "usage: ipcbench rtt MECH ROUNDS WARMUP CPU_A CPU_B [samples] | tput MECH SIZE COUNT CPU_A CPU_B"
                        " | sempair COUNT | fifopair COUNT [thread|ownfiles]\n");
        return 2;
    }
    int rtt = !strcmp(argv[1], "rtt");
    enum mech m = parse_mech(argv[2]);
    long a = atol(argv[3]), b = atol(argv[4]);
    int cpu_parent = atoi(argv[5]), cpu_child = atoi(argv[6]);
    if (a <= 0 || b < 0 || (!rtt && b <= 0)) {
        fprintf(stderr, "ipcbench: counts must be positive\n");
        return 2;
    }
    if (!rtt && (m == SHM_SPIN || m == SHM_SEM || m == SHM_ADAPTIVE) && a > RING_BYTES) {
        fprintf(stderr, "ipcbench: size must be at most %ld\n", RING_BYTES);
        return 2;
    }
    if (m <= SHM_ADAPTIVE) shm_setup(rtt ? 0 : (int) slots_for(a)); else stream_setup(m);
    signal(SIGPIPE, SIG_IGN);
    struct sigaction chld = {0};
    chld.sa_handler = on_child_exit;
    chld.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    sigemptyset(&chld.sa_mask);
    if (sigaction(SIGCHLD, &chld, NULL)) die("sigaction");
    fflush(stdout);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0) {
        /* A spinning child must not outlive a parent that was killed. */
        signal(SIGCHLD, SIG_DFL);
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) die("prctl");
        if (getppid() != parent) _exit(1);
        pin(cpu_child);
        if (m > SHM_ADAPTIVE) stream_side(m, 0);
        if (rtt) rtt_child(m, a + b); else tput_child(m, a, b);
        _exit(0);
    }
    pin(cpu_parent);
    if (m > SHM_ADAPTIVE) stream_side(m, 1);
    if (rtt) rtt_parent(m, a, b, print_samples); else tput_parent(m, a, b);
    /* From here the handler keeps out of the way: main reaps the child, unless it did. */
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGCHLD);
    sigprocmask(SIG_BLOCK, &block, NULL);
    int status = 0;
    if (!child_done && (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
        fprintf(stderr, "ipcbench: the child failed\n");
        return 1;
    }
    return 0;
}
