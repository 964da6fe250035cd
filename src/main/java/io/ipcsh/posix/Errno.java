package io.ipcsh.posix;

/**
 * The errno values this project meets, with their Linux (x86_64, generic) numbers and
 * C names. Anything else is shown by number.
 */
public enum Errno {
    EPERM(1), ENOENT(2), ESRCH(3), EINTR(4), EIO(5), ENXIO(6), E2BIG(7), EBADF(9), EAGAIN(11),
    ENOMEM(12), EACCES(13), EFAULT(14), EBUSY(16), EEXIST(17), ENOTDIR(20), EISDIR(21), EINVAL(22),
    ENFILE(23), EMFILE(24), EFBIG(27), ENOSPC(28), EPIPE(32), ERANGE(34), EDEADLK(35), ENAMETOOLONG(36),
    ENOSYS(38), ENOTEMPTY(39), ELOOP(40), ENOMSG(42), EIDRM(43), EBADMSG(74), EOVERFLOW(75),
    EMSGSIZE(90), ENOTSUP(95), EADDRINUSE(98), ECONNRESET(104), ETIMEDOUT(110), ECONNREFUSED(111), EOWNERDEAD(130), ENOTRECOVERABLE(131);

    /** The C value of this errno. */
    public final int value;

    Errno(int value) {
        this.value = value;
    }

    /**
     * errno as the calling thread's last capturing call in this package left it. Read it
     * right after the call that failed, before the thread makes another one.
     */
    public static int last() {
        return (int) Downcall.ERRNO.get(Downcall.capture(), 0L);
    }

    /** True when {@code value} is this errno. */
    public boolean is(int value) {
        return this.value == value;
    }

    /** The C name of {@code value}, such as {@code "EACCES"}, or {@code "errno 99"}. */
    public static String name(int value) {
        Errno e = of(value);
        return e == null ? "errno " + value : e.name();
    }

    /** The constant for {@code value}, or null when this table lacks it. */
    public static Errno of(int value) {
        for (Errno e : values()) {
            if (e.value == value) {
                return e;
            }
        }
        return null;
    }
}
