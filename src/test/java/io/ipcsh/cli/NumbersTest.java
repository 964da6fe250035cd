package io.ipcsh.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NumbersTest {
    @ParameterizedTest
    @CsvSource({"0, 0", "1ms, 1000000", "250us, 250000", "2s, 2000000000", "1m, 60000000000", "7ns, 7"})
    void shouldReadBackWhatItWritesAsDurations(String text, long nanos) {
        assertEquals(nanos, Numbers.duration(text).toNanos());
        assertEquals(text, Numbers.format(Duration.ofNanos(nanos)));
    }

    @ParameterizedTest
    @CsvSource({"1, 1000000000", "1.5s, 1500000000", "1h, 3600000000000", "250MS, 250000000"})
    void shouldReadTheShellsWiderDurations(String text, long nanos) {
        assertEquals(nanos, Numbers.duration(text).toNanos());
    }

    @ParameterizedTest
    @CsvSource({"ms", "-1ms", "5x", "1..5s", "''"})
    void shouldRefuseOtherDurationsInOneLine(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Numbers.duration(text));
        assertEquals("not a duration: '" + text + "' (use 250ms, 2s or 1m)", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"8, 8", "4k, 4096", "1m, 1048576", "1M, 1048576", "1g, 1073741824", "0x1000, 4096", "0, 0"})
    void shouldReadSizes(String text, long bytes) {
        assertEquals(bytes, Numbers.size(text));
    }

    @ParameterizedTest
    @CsvSource({"2x", "-1", "k", "''"})
    void shouldRefuseOtherSizesInOneLine(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Numbers.size(text));
        assertEquals("not a size: '" + text + "' (use bytes, or a k, m or g suffix: 4k)", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"0600, 384", "600, 384", "0o644, 420", "0, 0"})
    void shouldReadModesInOctal(String text, int mode) {
        assertEquals(mode, Numbers.mode(text));
    }

    @Test
    void shouldReadHexAndDecimalIntegersOnly() {
        assertEquals(255, Numbers.integer("0xff").intValueExact());
        assertEquals(-12, Numbers.integer("-12").intValueExact());
        assertNull(Numbers.integer("12q"));
    }

    @Test
    void shouldEscapeJsonStringsOnce() {
        assertEquals("\"a\\\"b\\\\c\\n\\u0001\"", Json.quote("a\"b\\c\n\u0001"));
        assertEquals("{\"n\":1,\"s\":\"x\",\"l\":[true,null]}",
                Json.object().put("n", 1).put("s", "x").put("l", java.util.Arrays.asList(true, null)).toString());
    }

    /** The fast path gives what the BigInteger path gives, or leaves the text to it. */
    @ParameterizedTest
    @CsvSource({"0", "-0", "7", "007", "-42", "2147483647", "-2147483648", "999999999999999999", "-999999999999999999"})
    void shouldReadPlainDecimalAsIntegerDoes(String text) {
        assertEquals(Numbers.integer(text).longValueExact(), Numbers.plainDecimal(text));
        assertEquals(new java.math.BigInteger(text), Numbers.integer(text));
    }

    @ParameterizedTest
    @CsvSource({"''", "-", "+5", "0x10", "1_000", "' 5'", "'5 '", "1e3", "9999999999999999999", "--1", "12a"})
    void shouldLeaveEverythingElseToInteger(String text) {
        assertEquals(Numbers.NOT_PLAIN, Numbers.plainDecimal(text));
    }
}
