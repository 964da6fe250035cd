package io.ipcsh.shell;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Words' shortcut for lines of plain words gives what the full rules give, on every line. */
class WordsTest {
    @Test
    void shouldSplitPlainLinesAsTheFullRulesDo() {
        assertEquals(List.of(List.of("write", "0", "i32", "42")), Words.split("write 0 i32 42"));
        assertEquals(List.of(), Words.split(" \t "));
        // Plain characters and every one the shortcut must leave to the rules.
        String alphabet = "ab0-@.=}  \t\t;#'\"\\{\n\r\u00e9\u000b\u001f";
        Random random = new Random(13);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder line = new StringBuilder();
            int length = random.nextInt(12);
            // Most lines from the plain characters alone, so the shortcut is taken often.
            int from = random.nextBoolean() ? 11 : alphabet.length();
            for (int i = 0; i < length; i++) {
                line.append(alphabet.charAt(random.nextInt(from)));
            }
            String l = line.toString();
            Object rules;
            try {
                rules = Words.parseByTheRules(l);
            } catch (UserError e) {
                rules = e.getMessage();
            }
            Object quick;
            try {
                quick = Words.parse(l);
            } catch (UserError e) {
                quick = e.getMessage();
            }
            assertEquals(rules, quick, () -> "line '" + l + "'");
        }
    }
}
