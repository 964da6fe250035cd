package io.ipcsh.shell;

import io.ipcsh.testkit.IpcCleanup;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What Tab offers at each place in a command line, from the picocli model and the session. */
class ShellCompleterTest {
    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    private Shell shell;
    private Terminal terminal;
    private LineReader reader;

    @BeforeEach
    void setUp() throws Exception {
        StringWriter sink = new StringWriter();
        shell = new Shell(new Session(new PrintWriter(sink), new PrintWriter(sink)));
        assertEquals(0, shell.runLine("attach private --new --size 4k --as data; attach private --new --size 4k --as ctl"));
        terminal = TerminalBuilder.builder().dumb(true)
                .streams(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream()).build();
        reader = LineReaderBuilder.builder().terminal(terminal).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        shell.session().close();
        terminal.close();
    }

    private List<String> complete(String line) {
        DefaultParser parser = new DefaultParser();
        List<Candidate> candidates = new ArrayList<>();
        new ShellCompleter(shell).complete(reader, parser.parse(line, line.length(), Parser.ParseContext.COMPLETE), candidates);
        return candidates.stream().map(Candidate::value).sorted().toList();
    }

    @Test
    void shouldOfferEveryCommandAtTheStart() {
        List<String> names = complete("");
        for (Class<? extends ShellCommand> c : Commands.ALL) {
            String name = c.getAnnotation(picocli.CommandLine.Command.class).name();
            assertTrue(names.contains(name), name + " not offered: " + names);
        }
        assertTrue(complete("post 0; ").contains("wait"), "a command after ;");
    }

    @ParameterizedTest(name = "''{0}'' offers {1}")
    @CsvSource(delimiterString = " => ", value = {
            "'sem ' => destroy init open setall setval value",
            "'read 0 ' => bytes f32 f64 i16 i32 i64 i8 str u16 u32 u64 u8",
            "'write @data 8 ' => bytes f32 f64 i16 i32 i64 i8 str u16 u32 u64 u8",
            "'watch 0 i32 --count 3 ' => ",
            "'read @' => @ctl @data",
            "'use ' => ctl data",
            "'stat ' => ctl data",
            "'detach ' => ctl data",
            "'destroy ' => ctl data",
            "'set ' => json trace",
            "'set trace ' => off on",
            "'attach --mode ' => 0600 0640 0644 0660",
            "'attach --size ' => 1m 4k 64k",
            "'wait -' => --help --timeout --undo --version",
            "'semop 0:-1 -' => --help --nowait --timeout --undo --version",
            "'semset --' => --as --count --create --help --id --mode --new --version",
    })
    void shouldOfferWhatFitsThere(String line, String expected) {
        List<String> want = expected == null ? List.of() : Arrays.stream(expected.split(" ")).sorted().toList();
        assertEquals(want, complete(line));
    }

    @Test
    void shouldOfferTheOptionsOfAttach() {
        List<String> options = complete("attach --");
        for (String o : List.of("--size", "--create", "--new", "--mode", "--readonly", "--as", "--id")) {
            assertTrue(options.contains(o), o + " not offered: " + options);
        }
    }

    @Test
    void shouldOfferPrivateAndFilesForKey() {
        List<String> offered = complete("key ");
        assertTrue(offered.contains("private"), offered.toString());
        assertTrue(offered.size() > 1, "file names too: " + offered);
    }

    @Test
    void shouldOfferTheCommandsForHelpByTheParametersType() {
        List<String> offered = complete("help ");
        for (String c : List.of("attach", "wait", "sem", "help")) {
            assertTrue(offered.contains(c), c + " not offered: " + offered);
        }
    }

    @Test
    void shouldOfferNoSizesForACount() {
        // --count is a number but not a size: before completion went by type, its label N offered 4k.
        assertEquals(List.of(), complete("watch 0 i32 --count "));
    }

    @Test
    void shouldOfferTheSessionsStructsAndTheirMembersAsTypes() {
        assertEquals(0, shell.runLine("struct in2 { short x; }; struct rec { int id; struct in2 in; char name[4]; }"));
        List<String> offered = complete("read 0 ");
        for (String c : List.of("i32", "str", "in2", "in2.x", "rec", "rec.id", "rec.in", "rec.in.x", "rec.name")) {
            assertTrue(offered.contains(c), c + " not offered: " + offered);
        }
        assertTrue(complete("watch 0 ").contains("rec.id"));
    }
}
