package io.ipcsh.bench;

import java.io.IOException;

/**
 * A pipe pair, a Unix socket or loopback TCP, through {@link StreamLink}: the parent
 * listens, tells the child where, and accepts before the child can say it is ready.
 */
final class StreamTransport implements Transport {
    static final StreamTransport INSTANCE = new StreamTransport();

    private StreamTransport() {
    }

    @Override
    public Parent open(Mechanism mechanism, long slots) throws IOException {
        StreamLink.Listener listener = new StreamLink.Listener(mechanism);
        return new Parent() {
            private StreamLink link;

            @Override
            public String address() throws IOException {
                return listener.address();
            }

            @Override
            public void started() throws IOException {
                link = listener.accept();
            }

            @Override
            public void ready() {
            }

            @Override
            public long[] rtt(int rounds, int warmup) throws IOException {
                return link.rttParent(rounds, warmup);
            }

            @Override
            public long tput(int size, long count) throws IOException {
                return link.tputParent(size, count);
            }

            @Override
            public void abort() {
                listener.abort();
            }

            @Override
            public void close() {
                if (link != null) {
                    link.close();
                }
                listener.close();
            }
        };
    }

    @Override
    public Child connect(Mechanism mechanism, String address) throws IOException {
        StreamLink link = StreamLink.connect(mechanism, address);
        return new Child() {
            @Override
            public void rtt(long total) throws IOException {
                link.rttChild(total);
            }

            @Override
            public void tput(int size, long count) throws IOException {
                link.tputChild(size, count);
            }

            @Override
            public void close() {
                link.close();
            }
        };
    }
}
