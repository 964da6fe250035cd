package io.ipcsh.demo;

import io.ipcsh.testkit.Await;
import io.ipcsh.testkit.SysvShm;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's lesson on optimisation, for real: the seed's consumer.cpp built by g++ at -O0
 * sees changes, at -O2 only the first; ipcsh's loads see them all; both consumers are
 * killed and the segment removed. Which values in between -O0 prints depends on the
 * scheduler (it skips what is written while it prints), so only the first and the last
 * are asserted: the lesson writes the last once -O0 has run since the one before.
 */
class SeedLessonTest {
    @Test
    void shouldShowThatTheO2ConsumerNeverSeesAChange() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/g++")), "g++ is not installed");
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Optional<SeedLesson.Report> run = SeedLesson.run(100, Duration.ofMillis(2), lines::add);
        assertTrue(run.isPresent(), lines::toString);
        SeedLesson.Report r = run.get();

        assertEquals(100, r.written());
        assertEquals(0, r.o0().first(), "-O0 printed the value before the first write");
        assertEquals(100, r.o0().last(), "-O0 reloads *number and sees the last write: " + lines);
        assertTrue(r.o0().lines() >= 2, r.o0()::toString);
        assertEquals(new SeedLesson.Seen("consumer -O2", 1, 0, 0), r.o2(), "-O2 loaded *number once: " + lines);
        assertEquals(0, r.watch().first(), "ipcsh's watch looked before the first write");
        assertEquals(100, r.watch().last(), "ipcsh's loads see the last write");

        assertTrue(lines.contains("lesson: consumer -O2 printed Received: 0 (1 line), then nothing: killed after waiting 1s more"),
                lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("lesson: consumer -O0 printed Received: 0 ... Received: 100 (")),
                lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.contains("neither volatile nor atomic")), lines::toString);
        assertTrue(lines.contains("lesson:   while it prints is skipped (it printed " + (r.o0().lines() - 1)
                + " of 100), or remembered unprinted if it comes between print and remember."), lines::toString);

        // Nothing left: the consumers were killed, the segment is freed.
        Await.until(() -> ProcessHandle.current().children().noneMatch(p -> p.info().command().orElse("").contains("consumer-O")),
                Duration.ofSeconds(30), "the consumers killed and gone");
        Await.until(() -> SysvShm.byId(r.shmid()).isEmpty(), Duration.ofSeconds(30), "segment " + r.shmid() + " freed");
    }
}
