package io.ipcsh.posix;

/** {@code <fcntl.h>}: the open flags {@code shm_open}, {@code sem_open} and {@code mq_open} take (x86_64). */
public final class Fcntl {
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_TRUNC = 01000;
    public static final int O_NONBLOCK = 04000;

    private Fcntl() {
    }
}
