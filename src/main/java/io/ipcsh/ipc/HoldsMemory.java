package io.ipcsh.ipc;

/**
 * A capability: the object maps memory into this process ({@code shmat}, {@code mmap}) and
 * hands it out as a {@link Memory}. The default methods give every such kind the typed
 * accessors that read as C does ({@code seg.putInt(0, 42)}, {@code seg.getInt(0)},
 * {@code seg.semaphore(64).init(0).post()}) without copying them: each goes through
 * {@link #memory()}, so it is bounds-checked and refused after a detach.
 *
 * <p>The shell's read, write, dump, watch, {@code sem init}, produce and consume need it.
 */
public interface HoldsMemory extends HasSemaphores {
    /** The mapped memory; refused once detached. */
    Memory memory();

    /** The process-shared semaphore ({@code sem_t}) at {@code offset}: 8-aligned, 32 bytes inside. */
    default Semaphore semaphore(long offset) {
        return memory().semaphore(offset);
    }

    /** The process-shared {@code pthread_mutex_t} at {@code offset}: 8-aligned, 40 bytes inside (see {@link Mutex}). */
    default Mutex mutex(long offset) {
        return memory().mutex(offset);
    }

    /** The {@code sem_t} at {@code where} (an offset; 0 if empty). */
    @Override
    default Waitable semaphore(java.util.OptionalLong where) {
        return semaphore(where.orElse(0));
    }

    /** {@code --undo} is SEM_UNDO, a SysV set's; a {@code sem_t} in memory has no undo. */
    @Override
    default Waitable semaphore(java.util.OptionalLong where, boolean undo) {
        if (undo) {
            throw new IpcException.InvalidArgumentException("--undo needs a SysV semaphore set; a sem_t in memory has no undo");
        }
        return semaphore(where);
    }

    default byte getByte(long offset) { return memory().getByte(offset); }
    default int getUnsignedByte(long offset) { return memory().getUnsignedByte(offset); }
    default void putByte(long offset, byte value) { memory().putByte(offset, value); }
    default short getShort(long offset) { return memory().getShort(offset); }
    default int getUnsignedShort(long offset) { return memory().getUnsignedShort(offset); }
    default void putShort(long offset, short value) { memory().putShort(offset, value); }
    default int getInt(long offset) { return memory().getInt(offset); }
    default long getUnsignedInt(long offset) { return memory().getUnsignedInt(offset); }
    default void putInt(long offset, int value) { memory().putInt(offset, value); }
    default long getLong(long offset) { return memory().getLong(offset); }
    default void putLong(long offset, long value) { memory().putLong(offset, value); }
    default float getFloat(long offset) { return memory().getFloat(offset); }
    default void putFloat(long offset, float value) { memory().putFloat(offset, value); }
    default double getDouble(long offset) { return memory().getDouble(offset); }
    default void putDouble(long offset, double value) { memory().putDouble(offset, value); }
    default int getIntVolatile(long offset) { return memory().getIntVolatile(offset); }
    default void putIntVolatile(long offset, int value) { memory().putIntVolatile(offset, value); }
    default int getIntAcquire(long offset) { return memory().getIntAcquire(offset); }
    default void putIntRelease(long offset, int value) { memory().putIntRelease(offset, value); }
    default boolean compareAndSetInt(long offset, int expected, int value) {
        return memory().compareAndSetInt(offset, expected, value);
    }
    default int getAndAddInt(long offset, int delta) { return memory().getAndAddInt(offset, delta); }
    default long getLongVolatile(long offset) { return memory().getLongVolatile(offset); }
    default void putLongVolatile(long offset, long value) { memory().putLongVolatile(offset, value); }
    default long getLongAcquire(long offset) { return memory().getLongAcquire(offset); }
    default void putLongRelease(long offset, long value) { memory().putLongRelease(offset, value); }
    default long getAndAddLong(long offset, long delta) { return memory().getAndAddLong(offset, delta); }
    default byte[] getBytes(long offset, int length) { return memory().getBytes(offset, length); }
    default void putBytes(long offset, byte[] bytes) { memory().putBytes(offset, bytes); }
    /** See {@link Memory#getBytes(long, byte[], int, int)}. */
    default void getBytes(long offset, byte[] dst, int dstIndex, int length) {
        memory().getBytes(offset, dst, dstIndex, length);
    }
    /** See {@link Memory#putBytes(long, byte[], int, int)}. */
    default void putBytes(long offset, byte[] src, int srcIndex, int length) {
        memory().putBytes(offset, src, srcIndex, length);
    }
    /** See {@link Memory#copy(long, long, long)}. */
    default void copy(long from, long to, long length) { memory().copy(from, to, length); }
    default String getString(long offset) { return memory().getString(offset); }
    default int putString(long offset, String value) { return memory().putString(offset, value); }
}
