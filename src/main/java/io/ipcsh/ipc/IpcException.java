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
    /** The message without its advice, for a caller that words the advice its own way. */
    private String reason;
    private Advice advice;

    /** A failure found in Java, before any syscall. */
    public IpcException(String message) {
        this(message, null, -1);
    }

    /** A failure of {@code syscall} with {@code errno}; the message comes as given. */
    public IpcException(String message, String syscall, int errno) {
        super(message);
        this.syscall = syscall;
        this.errno = errno;
        this.reason = message;
    }

    /** Records that the message is {@code reason} plus {@code advice}'s text, as the factories build it. */
    final IpcException advised(String reason, Advice advice) {
        this.reason = reason;
        this.advice = advice;
        return this;
    }

    /**
     * What to do about a failure, when it is one of the common cases: a program or a shell
     * can name the remedy in its own terms ({@link #text()} names the Java API).
     */
    public enum Advice {
        /** The object doesn't exist yet. */
        CREATE_FIRST("create it first: Segment.create(key, size)"),
        /** Exclusive creation met an existing object. */
        OPEN_OR_DESTROY("open it with Segment.open(key), or destroy it first"),
        /** No permission for read-write; read-only may be allowed. */
        ASK_OWNER_OR_READ_ONLY("ask its owner, or open it read-only if it is readable"),
        /** No permission to attach read-write. */
        READ_ONLY_OR_ASK_OWNER("attach it read-only, or ask its owner for access"),
        /** The size asked for doesn't fit the existing segment. */
        TAKE_EXISTING_SIZE("open it with size 0 to take it as it is"),
        /** Nothing by that key or id. */
        LIST("SegmentStat.list() shows the segments on the host"),
        /** A stat of an id that may be gone. */
        MAYBE_REMOVED("it may have been removed; SegmentStat.list() shows the segments on the host"),
        /** A destroy of an id that may be gone. */
        MAYBE_REMOVED_ALREADY("it may be removed already; SegmentStat.list() shows the segments on the host"),
        /** IPC_STAT needs read permission; SHM_STAT_ANY doesn't. */
        LIST_WITHOUT_READ("SegmentStat.list() shows it without read permission"),
        /** IPC_PRIVATE can't be opened by key. */
        BY_ID("attach it by id: Segment.attach(shmid)"),
        /** A write through a read-only attach. */
        ATTACH_READ_WRITE("attach it read-write to write"),
        /** ftok needs an existing file. */
        FILE_MUST_EXIST("the file must exist: create it first"),
        /** No valid sem_t at that place. */
        INIT_SEMAPHORE_FIRST("init it first: Semaphore.init(value)"),
        /** sem_init under counted waiters: release them, or force it if they died. */
        RELEASE_OR_FORCE_INIT("post to release the waiters first; if they were killed, Semaphore.forceInit(value)"),
        /** sem_destroy under counted waiters: release them, or force it if they died. */
        RELEASE_OR_FORCE_DESTROY("post to release the waiters first; if they were killed, Semaphore.forceDestroy()"),
        /** No POSIX shared memory of that name yet. */
        SHM_CREATE_FIRST("create it first: SharedMemory.create(name, size)"),
        /** No named semaphore of that name yet. */
        SEM_CREATE_FIRST("create it first: NamedSemaphore.create(name, value)"),
        /** Exclusive creation met an existing POSIX object. */
        NAME_OPEN_OR_DESTROY("open it without creating it, or destroy it first"),
        /** Nothing by that POSIX name. */
        LIST_POSIX("SharedMemoryStat.list() and NamedSemaphoreStat.list() show the POSIX objects on the host"),
        /** No semaphore set by that key yet. */
        SET_CREATE_FIRST("create it first: SemaphoreSet.create(key, nsems)"),
        /** Exclusive creation of a set met an existing one. */
        SET_OPEN_OR_DESTROY("open it with SemaphoreSet.open(key), or destroy it first"),
        /** IPC_PRIVATE names no existing set. */
        SET_BY_ID("open it by id: SemaphoreSet.open(semid)"),
        /** Nothing by that key or id, or it was removed. */
        SET_LIST("SemaphoreSetStat.list() shows the sets on the host");

        private final String text;

        Advice(String text) {
            this.text = text;
        }

        /** The advice in terms of this Java API. */
        public String text() {
            return text;
        }
    }

    /** The remedy for this failure when it is a common case, or null. */
    public Advice advice() {
        return advice;
    }

    /** The message without the {@link #advice()} part: what failed, and the syscall and errno. */
    public String reason() {
        return reason;
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
        return of(message, syscall, errno, null);
    }

    /** The exception for {@code errno} from {@code syscall}, with one of the common remedies. */
    public static IpcException advising(String syscall, int errno, String what, Advice advice) {
        return of(what + " [" + syscall + ": " + Errno.name(errno) + "]", syscall, errno, advice);
    }

    /** {@code what}, a Java check's refusal (no syscall), with a common remedy. */
    static InvalidArgumentException invalid(String what, Advice advice) {
        InvalidArgumentException e = new InvalidArgumentException(what + " (" + advice.text() + ")");
        e.advised(what, advice);
        return e;
    }

    /** {@code what}, a Java check's refusal because others use it, with a common remedy. */
    static BusyException busy(String what, Advice advice) {
        BusyException e = new BusyException(what + " (" + advice.text() + ")");
        e.advised(what, advice);
        return e;
    }

    /** {@code what}, a Java check's refusal for lack of permission, with a common remedy. */
    static PermissionDeniedException denied(String what, Advice advice) {
        PermissionDeniedException e = new PermissionDeniedException(what + " (" + advice.text() + ")");
        e.advised(what, advice);
        return e;
    }

    /** The sysv_ipc table: errno to the subclass a caller catches. */
    private static IpcException of(String reason, String syscall, int errno, Advice advice) {
        String message = advice == null ? reason : reason + " (" + advice.text() + ")";
        Errno e = Errno.of(errno);
        IpcException x;
        if (e == null) {
            x = new IpcException(message, syscall, errno);
        } else {
            x = switch (e) {
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
        return advice == null ? x : x.advised(reason, advice);
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

    /** The object was removed from the system (EIDRM), or is gone from under this handle. */
    public static final class RemovedException extends IpcException {
        private static final long serialVersionUID = 1L;

        public RemovedException(String message) {
            super(message);
        }

        public RemovedException(String message, String syscall, int errno) {
            super(message, syscall, errno);
        }
    }

    /**
     * This handle let go of the object ({@code detach()}, {@code close()}): its memory or
     * descriptor is gone from this process, though the object itself may still exist.
     * Attach or open it again to use it. Mostly refused in Java (no syscall or errno); EBADF
     * from a descriptor this process closed is the same case.
     */
    public static final class DetachedException extends IpcException {
        private static final long serialVersionUID = 1L;

        public DetachedException(String message) {
            super(message);
        }

        public DetachedException(String message, String syscall, int errno) {
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
