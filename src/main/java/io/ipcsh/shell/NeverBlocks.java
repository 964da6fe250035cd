package io.ipcsh.shell;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a command that returns without waiting for another process, the clock or input
 * (no wait, sleep, receive, lock, watch): when standard output is not a terminal, its
 * lines may stay in the buffer after it ends ({@link Session#holdOutput}). Every other
 * command flushes what came before it first, and each of its lines as it prints it, so a
 * peer reading the output of a blocked script has seen everything printed before the
 * block. Left off, a command only costs a flush.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface NeverBlocks {
}
