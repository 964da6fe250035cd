package io.ipcsh.shell;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code set trace on|off}, {@code set json on|off}: the global flags, from inside the shell. */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = "set trace on|off (strace-style libc calls), set json on|off.")
final class SetCommand extends ShellCommand implements NeverBlocks {
    enum Setting { trace, json }

    enum Switch { on, off }

    @Parameters(index = "0", paramLabel = "SETTING", description = "trace or json")
    Setting setting;

    @Parameters(index = "1", paramLabel = "on|off", description = "on or off")
    Switch value;

    @Override
    public Integer call() {
        boolean on = value == Switch.on;
        switch (setting) {
            case trace -> session().trace(on);
            case json -> session().json(on);
        }
        return OK;
    }
}
