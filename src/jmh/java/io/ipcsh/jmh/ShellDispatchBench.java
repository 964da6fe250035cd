package io.ipcsh.jmh;

import io.ipcsh.shell.Session;
import io.ipcsh.shell.Shell;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.concurrent.TimeUnit;

/**
 * What one small command costs the shell from a script line: split, picocli parse,
 * handle lookup, the access itself, output. Throughput mode reads as commands per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ShellDispatchBench {
    private Session session;
    private Shell shell;

    @Setup(Level.Trial)
    public void setUp() {
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        session = new Session(sink, sink);
        shell = new Shell(session);
        int status = shell.runLine("key private; attach --size 4096 --create; destroy");
        if (status != 0) {
            throw new IllegalStateException("setup failed with status " + status);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        session.close();
    }

    @Benchmark
    public int write() {
        return shell.runLine("write 0 i32 42");
    }

    @Benchmark
    public int read() {
        return shell.runLine("read 0 i32");
    }

    @Benchmark
    public int echo() {
        return shell.runLine("echo hi");
    }
}
