package io.ipcsh.ipc;

import io.ipcsh.posix.Errno;
import io.ipcsh.posix.Unistd;

import java.lang.foreign.MemorySegment;

/**
 * One end of a byte stream between processes: a {@link Fifo}'s read or write end, or a
 * connection of a {@link StreamSocket}. Each call is one {@code read(2)} or {@code write(2)} on
 * the descriptor through FFM, straight from or into the caller's native memory, so a
 * message costs what it costs from C: the JDK's channels add locks, interruptibility
 * bookkeeping and two JNI transitions to every call, about 150 ns on top of a 200 ns
 * pipe write here.
 *
 * <p>Buffers must be native ({@code Arena.allocate}, {@link Memory#segment()}). A
 * segment of a confined or global arena costs least: one of a shared arena is acquired
 * and released atomically around each call. One thread at a time should use each
 * direction, and {@link #close()} must not race a call in progress (as with a C
 * descriptor, the number could be reused).
 */
public final class ByteStream implements AutoCloseable {
    private final String label;
    private int fd;

    ByteStream(int fd, String label) {
        this.fd = fd;
        this.label = label;
    }

    /** One {@code write(2)} of {@code from}: the bytes written, perhaps fewer than asked. Retries EINTR. */
    public long write(MemorySegment from) {
        checkNative(from);
        long n = from.byteSize();
        for (;;) {
            long w = Unistd.write(open(), from, n);
            if (w >= 0) {
                return w;
            }
            int errno = Errno.last();
            if (!Errno.EINTR.is(errno)) {
                throw failure("write", errno);
            }
        }
    }

    /** One {@code read(2)} into {@code into}: the bytes read, 0 once the other end has closed. Retries EINTR. */
    public long read(MemorySegment into) {
        checkNative(into);
        if (into.isReadOnly()) {
            throw new IpcException.InvalidArgumentException("read into a read-only segment refused: " + label);
        }
        long n = into.byteSize();
        for (;;) {
            long r = Unistd.read(open(), into, n);
            if (r >= 0) {
                return r;
            }
            int errno = Errno.last();
            if (!Errno.EINTR.is(errno)) {
                throw failure("read", errno);
            }
        }
    }

    /** Writes all of {@code from}: as many {@code write(2)} calls as it takes (one, for a message a pipe takes whole). */
    public void writeFully(MemorySegment from) {
        long n = from.byteSize();
        long done = write(from);
        while (done < n) {
            done += write(from.asSlice(done));
        }
    }

    /**
     * Fills {@code into}: as many {@code read(2)} calls as it takes. The other end closing
     * first is an error that says how many bytes came.
     */
    public void readFully(MemorySegment into) {
        long n = into.byteSize();
        long done = 0;
        while (done < n) {
            long r = read(done == 0 ? into : into.asSlice(done));
            if (r == 0) {
                throw new IpcException("the other end of " + label + " closed it after " + done + " of " + n + " bytes");
            }
            done += r;
        }
    }

    /** The descriptor, for a C call of the caller's own; -1 once closed. */
    public int fd() {
        return fd;
    }

    /** False once {@link #close()}d. */
    public boolean isOpen() {
        return fd >= 0;
    }

    /** Closes the descriptor; a second close does nothing. */
    @Override
    public void close() {
        int f = fd;
        if (f < 0) {
            return;
        }
        fd = -1;
        // Linux frees the descriptor even when close fails (EINTR, EIO): never retry.
        if (Unistd.close(f) != 0) {
            throw IpcException.of("close", Errno.last(), "close failed on " + label, null);
        }
    }

    @Override
    public String toString() {
        return "ByteStream[" + label + (fd >= 0 ? " fd=" + fd : " closed") + "]";
    }

    private int open() {
        int f = fd;
        if (f < 0) {
            throw new IpcException.DetachedException(label + " is closed in this process (open it again)");
        }
        return f;
    }

    private void checkNative(MemorySegment m) {
        if (!m.isNative()) {
            throw new IpcException.InvalidArgumentException("read and write need native memory (Arena.allocate, "
                    + "Memory.segment()), not a heap segment: " + label);
        }
    }

    private IpcException failure(String syscall, int errno) {
        Errno e = Errno.of(errno);
        if (e == null) {
            return IpcException.of(syscall, errno, syscall + " failed on " + label, null);
        }
        return switch (e) {
            case EPIPE -> IpcException.of(syscall, errno, "nobody reads " + label + " any more: the other end closed it", null);
            case ECONNRESET -> IpcException.of(syscall, errno, "the other end of " + label + " reset the connection", null);
            case EAGAIN -> IpcException.of(syscall, errno, label + " would block (it was made non-blocking)", null);
            case EBADF -> new IpcException.DetachedException(label + " is not open in this process (fd=" + fd + ")", syscall, errno);
            case EFAULT -> IpcException.of(syscall, errno, "the buffer is not mapped memory: " + label, null);
            default -> IpcException.of(syscall, errno, syscall + " failed on " + label, null);
        };
    }
}
