package io.ipcsh.demo;

import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The seed's producer and consumer ({@link SeedSources}), written out (C++, built with
 * g++ as its "How to Compile" says) into a working directory of the test's, next to the
 * {@code shmfile} their {@code ftok("shmfile", 65)} needs.
 */
final class SeedPrograms {
    static final String PRODUCER = SeedSources.PRODUCER;

    static final String CONSUMER = SeedSources.CONSUMER;

    private SeedPrograms() {
    }

    /** Builds {@code name} from {@code source} in {@code dir} with g++; skips the test without g++. */
    static Path build(Path dir, String name, String source, String... defines) throws IOException {
        Optional<Path> gxx = Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
                .map(d -> Path.of(d, "g++")).filter(Files::isExecutable).findFirst();
        Assumptions.assumeTrue(gxx.isPresent(), "g++ is not installed: seed interop test skipped");
        Path src = Files.writeString(dir.resolve(name + ".cpp"), source);
        Path exe = dir.resolve(name);
        List<String> cmd = new java.util.ArrayList<>(List.of(gxx.get().toString()));
        for (String d : defines) {
            cmd.add("-D" + d);
        }
        cmd.addAll(List.of("-o", exe.toString(), src.toString()));
        Proc.Result r = Proc.run(Duration.ofSeconds(120), cmd);
        if (r.exitCode() != 0) {
            throw new AssertionError("g++ failed\n" + r.describe());
        }
        return exe;
    }

    /** Runs {@code exe} with {@code dir} as its working directory, where its {@code shmfile} is. */
    static Proc startIn(Path dir, Path exe) {
        return Proc.start(List.of("/bin/sh", "-c", "cd \"$1\" && exec \"$2\"", "sh", dir.toString(), exe.toString()));
    }
}
