package io.ipcsh.shell;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code use HANDLE}: make another handle current. No syscall. */
@Command(name = "use", mixinStandardHelpOptions = true,
        description = "Make HANDLE current: commands without @NAME work on it.")
final class UseCommand extends ShellCommand implements NeverBlocks {
    @Parameters(index = "0", paramLabel = "HANDLE", converter = HandleName.Converter.class, description = "a handle name (see handles)")
    HandleName handle;

    @Override
    public Integer call() {
        session().use(handle.text());
        return OK;
    }
}
