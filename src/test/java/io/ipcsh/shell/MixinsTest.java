package io.ipcsh.shell;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The shared option groups hand commands what the user typed, not only its default. */
class MixinsTest {
    @Test
    void shouldTellAnOffsetLeftOutFromAnOffsetTyped() {
        WaitCommand wait = new WaitCommand();
        CommandLine line = new CommandLine(wait);
        line.parseArgs();
        assertEquals(OptionalLong.empty(), wait.at.where());
        assertEquals(0, wait.at.offset());
        line.parseArgs("0");
        assertEquals(OptionalLong.of(0), wait.at.where());
        line.parseArgs("--timeout", "1s", "64");
        assertEquals(OptionalLong.of(64), wait.at.where());
        line.parseArgs("--timeout", "1s");
        assertEquals(OptionalLong.empty(), wait.at.where());
    }

    @Test
    void shouldTellItForASubcommandToo() {
        CommandLine sem = new CommandLine(new SemCommand());
        sem.parseArgs("value");
        SemCommand.Value value = sem.getSubcommands().get("value").getCommand();
        assertEquals(OptionalLong.empty(), value.at.where());
        sem.parseArgs("value", "32");
        assertEquals(OptionalLong.of(32), value.at.where());
    }
}
