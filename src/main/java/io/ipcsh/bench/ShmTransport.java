package io.ipcsh.bench;

import io.ipcsh.ipc.Memory;
import io.ipcsh.ipc.Segment;

/**
 * A private System V segment laid out by {@link BenchDescriptor}, its counters and
 * semaphores driven by {@link ShmRoles}. The segment is marked for removal once the
 * child has attached, so it goes away whatever happens to either process.
 */
final class ShmTransport implements Transport {
    static final ShmTransport INSTANCE = new ShmTransport();

    private ShmTransport() {
    }

    @Override
    public Parent open(Mechanism mechanism, long slots) {
        Segment seg = ShmRoles.create(slots);
        Memory memory = seg.memory();
        return new Parent() {
            @Override
            public String address() {
                return Integer.toString(seg.shmid());
            }

            @Override
            public void started() {
                // the child attaches by id: nothing to accept
            }

            @Override
            public void ready() {
                destroyQuietly(seg);
            }

            @Override
            public long[] rtt(int rounds, int warmup) {
                return ShmRoles.rttParent(mechanism, memory, rounds, warmup);
            }

            @Override
            public long tput(int size, long count) {
                return ShmRoles.tputParent(mechanism, memory, size, count);
            }

            @Override
            public void abort() {
                ShmRoles.abort(memory);
            }

            @Override
            public void close() {
                destroyQuietly(seg);
                seg.detach();
            }
        };
    }

    @Override
    public Child connect(Mechanism mechanism, String address) {
        Segment seg = Segment.attach(Integer.parseInt(address));
        Memory memory = seg.memory();
        return new Child() {
            @Override
            public void rtt(long total) {
                ShmRoles.rttChild(mechanism, memory, total);
            }

            @Override
            public void tput(int size, long count) {
                ShmRoles.tputChild(mechanism, memory, size, count);
            }

            @Override
            public void close() {
                seg.close();
            }
        };
    }

    static void destroyQuietly(Segment seg) {
        try {
            seg.destroy();
        } catch (RuntimeException e) {
            // already marked for removal
        }
    }
}
