package io.ipcsh.ipc;

import io.ipcsh.posix.Errno;
import io.ipcsh.posix.Strings;

/**
 * A failed IPC operation, in words a user can act on. Thrown by every {@code ipc} class;
 * unchecked so that JShell sessions stay short.
 *
 * <p>When a syscall failed, {@link #syscall()}, {@link #errno()} and {@link #strerror()}
 * say which and why; for a check made in Java before any syscall, they are null and -1.
 * {@link #of} turns an errno into the matching subclass, after sysv_ipc.
 */
public class IpcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String syscall;
    private final int errno;

    /** A failure found in Java, before any syscall. */
    public IpcException(String message) {
        this(message, null, -1);
    }

    /** A failure of {@code syscall} with {@code errno}; the message comes as given. */
    public IpcException(String message, String syscall, int errno) {
        super(message);
        this.syscall = syscall;
        this.errno = errno;
    }

    /** The libc function that failed, or null when a Java check refused the call. */
    public String syscall() {
        return syscall;
    }

    /** The errno it failed with, or -1. */
    public int errno() {
        return errno;
    }

    /** The C name of {@link #errno()}, such as {@code EACCES}, or null. */
    public String errnoName() {
        return errno < 0 ? null : Errno.name(errno);
    }

    /** The C library's text for {@link #errno()}, or null. */
    public String strerror() {
        return errno < 0 ? null : Strings.strerror(errno);
    }

    /**
     * The exception for {@code errno} from {@code syscall}.
     *
     * @param what the object and the problem, such as {@code "no segment with key 0x41"}
     * @param hint what to do about it, in parentheses after {@code what}; may be null
     */
    public static IpcException of(String syscall, int errno, String what, String hint) {
        String message = what + " [" + syscall + ": " + Errno.name(errno) + "]" + (hint == null ? "" : " (" + hint + ")");
        Errno e = Errno.of(errno);
        if (e == null) {
            return new IpcException(message, syscall, errno);
        }
        return switch (e) {
            case ENOENT -> new NotFoundException(message, syscall, errno);
            case EEXIST -> new AlreadyExistsException(message, syscall, errno);
            case EACCES, EPERM -> new PermissionDeniedException(message, syscall, errno);
            case EAGAIN -> new WouldBlockException(message, syscall, errno);
            case EIDRM -> new RemovedException(message, syscall, errno);
            case EINTR -> new InterruptedIpcException(message, syscall, errno);
            case EBUSY -> new BusyException(message, syscall, errno);
            case EINVAL, ERANGE, EOVERFLOW -> new InvalidArgumentException(message, syscall, errno);
            default -> new IpcException(message, syscall, errno);
        };
    }

    /** No such segment or file (ENOENT). */
    public static final class NotFoundException extends IpcException {
        private static final long serialVersionUID = 1L;

        public NotFoundException(String message, String syscall, int errno) {
            super(message, syscall, errno);
        }
    }

    /** The key is already taken (EEXIST from IPC_CREAT|IPC_EXCL). */
    public static final class AlreadyExistsException extends IpcException {
        private static final long serialVersionUID = 1L;

        public AlreadyExistsException(String message, String syscall, int errno) {
            super(message, syscall, errno);
        }
    }

    /** The mode bits or a read-only attach forbid it (EACCES, EPERM). */
    public static final class PermissionDeniedException extends IpcException {
        private static final long serialVersionUID = 1L;

        public PermissionDeniedException(String message) {
            super(message);
        }

        public PermissionDeniedException(String message, String syscall, int errno) {
            super(message, syscall, errno);
        }
    }

    /** A non-blocking call would have had to block (EAGAIN). */
    public static final class WouldBlockException extends IpcException {
        private static final long serialVersionUID = 1L;

        public WouldBlockException(String message, String syscall, int errno) {
            super(message, syscall, errno);
        }
    }

    /** The segment was removed, or this handle detached from it (EIDRM). */
    public static final class RemovedException extends IpcException {
        private static final long serialVersionUID = 1L;

        public RemovedException(String message) {
            super(message);
        }

        public RemovedException(String message, String syscall, int errno) {
            super(message, syscall, errno);
        }
    }

    /** Someone else is using it, so doing this now would corrupt it (EBUSY, or refused in Java). */
    public static final class BusyException extends IpcException {
        private static final long serialVersionUID = 1L;

        public BusyException(String message) {
            super(message);
        }

        public BusyException(String message, String syscall, int errno) {
            super(message, syscall, errno);
        }
    }

    /** A wait was interrupted, by a signal (EINTR) or by {@link Thread#interrupt()}. */
    public static final class InterruptedIpcException extends IpcException {
        private static final long serialVersionUID = 1L;

        public InterruptedIpcException(String message) {
            super(message);
        }

        public InterruptedIpcException(String message, String syscall, int errno) {
            super(message, syscall, errno);
        }
    }

    /** A bad offset, size, alignment, value or key (EINVAL, or refused in Java). */
    public static final class InvalidArgumentException extends IpcException {
        private static final long serialVersionUID = 1L;

        public InvalidArgumentException(String message) {
            super(message);
        }

        public InvalidArgumentException(String message, String syscall, int errno) {
            super(message, syscall, errno);
        }
    }
}
