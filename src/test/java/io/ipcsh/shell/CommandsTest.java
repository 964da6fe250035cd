package io.ipcsh.shell;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The command table: names and aliases to classes, whichever way they are looked up. */
class CommandsTest {
    @Test
    void shouldFindEveryNameAndAliasAsTheFullTableDoes() {
        Commands.byName().forEach((name, type) -> assertEquals(type, Commands.find(name), name));
    }

    @Test
    void shouldFindNothingForWhatIsNoCommand() {
        for (String name : List.of("", "Key", "KEY", "shell", "command", "keys", "ke", "quitt", "trywai")) {
            assertNull(Commands.find(name), name);
        }
    }

    /** A class named otherwise still works (by the full table), only slower: keep the names matching. */
    @Test
    void shouldNameEveryCommandClassForItsCommand() {
        for (Class<? extends ShellCommand> c : Commands.ALL) {
            String name = c.getAnnotation(Command.class).name();
            assertEquals(c.getSimpleName().toLowerCase(java.util.Locale.ROOT), name.replace("-", "") + "command", c.getName());
        }
    }
}
