package io.ipcsh.shell;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.lang.reflect.Field;

/**
 * Has the JDK make, on a second thread, the proxy classes behind picocli's annotations
 * while the shell starts. picocli reads every command from its annotations, and the JDK
 * makes an annotation type's first instance by generating, defining and initializing a
 * proxy class for it (one method per member: {@code @Option} has about thirty). The AOT
 * cache can't hold those classes, and making them was the largest part of a one-shot
 * {@code ipcsh -c 'key private'}. The main thread needs {@code @Command} first (the
 * shell's root); meanwhile this thread makes the ones every command needs next. They are
 * the JDK's, cached for the whole process: whichever thread asks first makes one, and the
 * other waits for it.
 */
final class AnnotationProxies {
    private AnnotationProxies() {
    }

    /** One field per annotation type to prepare; picocli never sees this class. */
    private static final class Sample {
        @Option(names = "-x")
        boolean option;

        @Parameters
        String parameters;

        @Spec
        Object spec;
    }

    /** Starts a daemon thread that makes them; returns at once. */
    static void prepareInBackground() {
        Thread.ofPlatform().daemon().name("ipcsh-annotations").start(() -> {
            for (Field f : Sample.class.getDeclaredFields()) {
                f.getAnnotations();
            }
        });
    }
}
