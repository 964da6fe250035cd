package io.ipcsh.shell;

import io.ipcsh.cli.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code echo TEXT}: print a line, for scripts. */
@Command(name = "echo", mixinStandardHelpOptions = false, description = "Print TEXT (words joined by one space).")
final class EchoCommand extends ShellCommand implements NeverBlocks, DataArguments {
    @Parameters(arity = "0..*", paramLabel = "TEXT", description = "what to print")
    List<String> words;

    @Override
    public Integer call() {
        String text = words == null ? "" : String.join(" ", words);
        result(text, Json.object().put("echo", text));
        return OK;
    }
}
