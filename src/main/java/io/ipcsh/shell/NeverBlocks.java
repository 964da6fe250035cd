package io.ipcsh.shell;

/**
 * On a command that returns without waiting for another process, the clock or input
 * (no wait, sleep, receive, lock, watch): when standard output is not a terminal, its
 * lines may stay in the buffer after it ends ({@link Session#holdOutput}). Every other
 * command flushes what came before it first, and each of its lines as it prints it, so a
 * peer reading the output of a blocked script has seen everything printed before the
 * block. Left off, a command only costs a flush.
 *
 * <p>A marker interface, not an annotation: the JDK makes a proxy class for an annotation
 * type at its first use, outside the AOT cache, and every one-shot start would pay for it.
 */
interface NeverBlocks {
}
