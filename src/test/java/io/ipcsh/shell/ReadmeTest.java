package io.ipcsh.shell;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README.md's command reference is the shell's own {@code help} output. After changing a
 * command's help, regenerate it:
 * {@code mvn -q -B test -Dtest=ReadmeTest -Dipcsh.readme.update=true}.
 */
class ReadmeTest {
    static final String BEGIN = "<!-- BEGIN command reference: generated from `help` by ReadmeTest -->";
    static final String END = "<!-- END command reference -->";
    private static final Path README = Path.of("README.md");

    /** The section as help prints it now: the overview, then each command's usage. */
    static String reference() {
        StringBuilder s = new StringBuilder();
        s.append(BEGIN).append("\n\n");
        s.append("`help` lists the commands; `help CMD` (or `CMD --help`) shows one. From the shell's own help:\n\n");
        s.append("```text\n").append(help("help")).append("```\n\n");
        Shell shell = new Shell(new Session(new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter())));
        for (Class<? extends ShellCommand> c : Commands.ALL) {
            String name = c.getAnnotation(picocli.CommandLine.Command.class).name();
            List<String> topics = new ArrayList<>(List.of(name));
            shell.commands().getSubcommands().get(name).getSubcommands().keySet().forEach(sub -> topics.add(name + " " + sub));
            for (String topic : topics) {
                s.append("<details><summary><code>").append(topic).append("</code></summary>\n\n");
                s.append("```text\n").append(help("help " + topic)).append("```\n\n</details>\n");
            }
        }
        s.append('\n').append(END);
        return s.toString();
    }

    private static String help(String command) {
        Shell.Result r = Shell.run(command);
        assertEquals(0, r.status(), r.err());
        return r.out();
    }

    @Test
    void shouldHaveTheCommandReferenceThatHelpPrints() throws Exception {
        String readme = Files.readString(README);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "README.md lacks the markers " + BEGIN + " ... " + END);
        String now = readme.substring(begin, end + END.length());
        String wanted = reference();
        if (!now.equals(wanted) && Boolean.getBoolean("ipcsh.readme.update")) {
            Files.writeString(README, readme.substring(0, begin) + wanted + readme.substring(end + END.length()));
            return;
        }
        assertEquals(wanted, now, "README.md's command reference differs from `help`; regenerate it with "
                + "mvn -q -B test -Dtest=ReadmeTest -Dipcsh.readme.update=true");
    }
}
