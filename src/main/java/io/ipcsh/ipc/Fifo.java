package io.ipcsh.ipc;

import io.ipcsh.posix.Errno;
import io.ipcsh.posix.Fcntl;
import io.ipcsh.posix.SysStat;
import io.ipcsh.posix.Unistd;
import io.ipcsh.posix.stat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * A named pipe ({@code mkfifo}): the kernel pipe a C program gets from {@code pipe(2)},
 * reachable by path from any process. Its ends are {@link ByteStream}s.
 *
 * <p>As in C, {@link #openReader()} waits for a writer and {@link #openWriter()} for a
 * reader (the two opens meet), and nothing in Java can interrupt that wait: only the
 * other side's open ends it. {@link #tryOpenReader()} and {@link #tryOpenWriter()}
 * never wait, for a side that must stay able to give up:
 *
 * <pre>{@code
 * Fifo f = Fifo.create(Path.of("/tmp/jobs"), 0600);
 * ByteStream in = f.openReader();         // this process: waits for a writer
 * ByteStream out = f.openWriter();        // the other process
 * }</pre>
 */
public final class Fifo {
    private final Path path;

    private Fifo(Path path) {
        this.path = path;
    }

    /** Makes the FIFO at {@code path} with {@code mode} (less the umask), as {@code mkfifo(path, mode)}. */
    public static Fifo create(Path path, int mode) {
        if (SysStat.mkfifo(path.toString(), mode) != 0) {
            int errno = Errno.last();
            Errno e = Errno.of(errno);
            String hint = e == Errno.EEXIST ? "open it with Fifo.at(path), or remove it first"
                    : e == Errno.ENOENT ? "its directory must exist" : null;
            throw IpcException.of("mkfifo", errno, "cannot make the FIFO " + path, hint);
        }
        return new Fifo(path);
    }

    /** The FIFO at {@code path}, made by someone else; opening it checks that it is one. */
    public static Fifo at(Path path) {
        return new Fifo(path);
    }

    /** Where it is. */
    public Path path() {
        return path;
    }

    /** Its read end, once a writer has opened it: waits as C's blocking {@code open} does. */
    public ByteStream openReader() {
        return open(Fcntl.O_RDONLY, false, "read end of FIFO " + path);
    }

    /** Its write end, once a reader has opened it: waits as C's blocking {@code open} does. */
    public ByteStream openWriter() {
        return open(Fcntl.O_WRONLY, false, "write end of FIFO " + path);
    }

    /**
     * Its read end at once, writer or not. Until a writer comes, a read returns 0 (end of
     * stream), as in C: read once the writer is known to be there.
     */
    public ByteStream tryOpenReader() {
        return open(Fcntl.O_RDONLY, true, "read end of FIFO " + path);
    }

    /** Its write end at once; with no reader there yet, a {@link IpcException.WouldBlockException} (ENXIO). */
    public ByteStream tryOpenWriter() {
        return open(Fcntl.O_WRONLY, true, "write end of FIFO " + path);
    }

    /** Removes the name ({@code unlink}); ends open now keep working. */
    public void destroy() {
        if (Unistd.unlink(path.toString()) != 0) {
            throw IpcException.of("unlink", Errno.last(), "cannot remove the FIFO " + path, null);
        }
    }

    /**
     * Opens it (non-blocking when {@code now}, so that the open doesn't wait for the other
     * side), checks it is a FIFO, then makes the descriptor blocking for reads and writes.
     */
    private ByteStream open(int access, boolean now, String label) {
        int fd = Fcntl.open(path.toString(), access | Fcntl.O_CLOEXEC | (now ? Fcntl.O_NONBLOCK : 0));
        if (fd < 0) {
            throw openFailure(Errno.last());
        }
        ByteStream end = new ByteStream(fd, label);
        try {
            checkFifo(fd);
            if (now) {
                int flags = Fcntl.getfl(fd);
                if (flags < 0 || Fcntl.setfl(fd, flags & ~Fcntl.O_NONBLOCK) != 0) {
                    throw IpcException.of("fcntl", Errno.last(), "cannot make the " + label + " blocking", null);
                }
            }
            return end;
        } catch (RuntimeException e) {
            try {
                end.close();
            } catch (RuntimeException ignored) {
                // the first failure is the one to report
            }
            throw e;
        }
    }

    private void checkFifo(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = stat.allocate(arena);
            if (SysStat.fstat(fd, st) != 0) {
                throw IpcException.of("fstat", Errno.last(), "cannot stat " + path, null);
            }
            if ((stat.st_mode(st) & SysStat.S_IFMT) != SysStat.S_IFIFO) {
                throw new IpcException.InvalidArgumentException(path + " is not a FIFO (make one with Fifo.create)");
            }
        }
    }

    private IpcException openFailure(int errno) {
        Errno e = Errno.of(errno);
        if (e == null) {
            return IpcException.of("open", errno, "cannot open the FIFO " + path, null);
        }
        return switch (e) {
            case ENXIO -> new IpcException.WouldBlockException("nobody has the FIFO " + path + " open for reading [open: ENXIO]"
                    + " (open its read end first)", "open", errno);
            case ENOENT -> IpcException.of("open", errno, "no FIFO " + path, "make it first: Fifo.create(path, 0600)");
            case EACCES -> IpcException.of("open", errno, "permission denied on the FIFO " + path, "ask its owner for access");
            default -> IpcException.of("open", errno, "cannot open the FIFO " + path, null);
        };
    }

    @Override
    public String toString() {
        return "Fifo[" + path + "]";
    }
}
