package io.ipcsh.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The part of BENCHMARKS.md that says what the figures mean; the figures themselves come
 * from the run. The prose is {@code explanation.md} beside this class, so that it is
 * edited as Markdown, not as a Java string.
 */
final class Explanation {
    private Explanation() {
    }

    /** The section's Markdown, ending with a newline. */
    static String markdown() {
        try (InputStream in = Explanation.class.getResourceAsStream("explanation.md")) {
            if (in == null) {
                throw new IllegalStateException("explanation.md is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
