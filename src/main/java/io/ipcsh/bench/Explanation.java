package io.ipcsh.bench;

/** The part of BENCHMARKS.md that says what the figures mean; the figures themselves come from the run. */
final class Explanation {
    private Explanation() {
    }

    static final String MARKDOWN = """
            ## What the figures mean

            **Two processes, two CPUs.** Every measurement runs between two processes: this JVM
            and a second JVM started with the same class path (Java), or `ipcbench` and its
            forked child (C, compiled from `src/main/c/bench/ipcbench.c` with gcc at bench
            time). Where the machine has two CPUs or more, the measuring thread is pinned to
            CPU 0 and the other side to CPU 1 with `sched_setaffinity`. Java and C take turns
            measurement by measurement, so that load from elsewhere falls on both alike; the
            java÷c ratios are from the same run.

            **Round trip.** One side sends an 8-byte message, the other answers, the first
            waits for the answer; the time of each round trip is recorded after a warm-up and
            the median, 99th and 99.9th percentiles (nearest rank) are reported.

            - `shm-spin` stores the round number in a 64-bit counter in a System V segment
              and busy-polls the other counter for the answer (volatile loads and stores, the
              ones C's `__atomic_*_n(…, __ATOMIC_SEQ_CST)` makes). Nobody sleeps, so no
              system call and no wake-up is involved: this is the cost of moving a cache line
              between two cores and back. It burns both CPUs while waiting.
            - `shm-sem` posts a `sem_t` in the segment and blocks in `sem_wait` on another.
              When the waiter sleeps, `sem_post` has to `futex`-wake it, and the wake-up of a
              sleeping process on another (virtual) CPU dominates the round trip.
            - `shm-adaptive` is the same hand-off with `Semaphore.awaitAdaptive` (and its C
              twin): poll the semaphore's count for up to 50 µs, then block. Under
              continuous traffic the answer arrives while the waiter still polls, the poster
              finds nobody asleep and makes no system call, so the round trip stays close to
              `shm-spin`'s; a waiter left idle sleeps after 50 µs.
            - `pipe` (two FIFOs in Java, `pipe(2)` in C), `unix` (a Unix domain stream
              socket) and `tcp` (loopback, TCP_NODELAY) need a `write` and a blocking `read`
              each way: two system calls and a wake-up per message.

            **One-way throughput.** One side sends messages of a fixed size as fast as it can,
            the other takes each one out (`read` into a buffer, or a copy out of the ring);
            the time runs until the receiver has taken the last one. Shared memory goes
            through a ring of message-sized slots in the segment: `shm-spin` publishes head
            and tail counters, `shm-sem` and `shm-adaptive` use a filled/free pair of
            semaphores, as in the classic bounded buffer. A short pilot run sizes each
            measurement (and warms up the JIT). For large messages every mechanism is bound
            by copying memory; for small ones by what each message costs in system calls and
            wake-ups.

            **Beside the tables.** The `sem_post`+`sem_trywait` pair is one thread's cost of
            the two calls on an uncontended semaphore: through the `Semaphore` API (argument
            and bounds checks, FFM downcall, errno capture) against a plain C loop; the JMH
            benchmarks (`mvn -Pjmh …`, see README) take it apart further. The idle waiter
            figure is the whole peer JVM's CPU time (all its threads: GC and JIT included)
            while its main thread sits in `awaitAdaptive()` on a semaphore nobody posts.
            The script figure is the difference between two runs of `ipcsh FILE` with few and
            many small commands, so the JVM's start-up cancels out. One-shot start-up is the
            median wall time of fresh processes.

            **Reading the ratios.** pipe÷this says how many times faster than `pipe` a
            mechanism's round trip is; java÷c above 1 means Java took longer (round trips)
            or, in the throughput table, moved more messages per second. On a virtual
            machine, wake-up costs depend on the hypervisor, and other work on the host
            shows as long tails (p99, p99.9) far above the median; the load average above
            says how busy the machine was.
            """;
}
