package io.ipcsh.demo;

import io.ipcsh.cli.Numbers;
import io.ipcsh.cli.ExitStatus;
import io.ipcsh.ipc.IpcException;
import io.ipcsh.ipc.Segment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One role of the channel in a process of its own, as {@link Demo} starts it:
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp ... io.ipcsh.demo.RoleProcess produce|consume --id SHMID
 *      [--count N] [--interval D] [--timeout D] [--unsynchronized] [--quiet] [--go]
 * </pre>
 *
 * It attaches the segment by id, prints {@code attached shmid=N pid=P}, runs the role
 * (the consumer prints {@code started}, then {@code Received: N} lines unless
 * {@code --quiet}) and ends with
 * one {@link ChannelReport#toLine()} line. With {@code --go} it waits for a line on
 * standard input before starting, and exits as soon as standard input closes: the parent
 * that started it is gone, and nobody is left to clean up after a run that never ends.
 * Exit status: 0 done, 1 cut short, 2 usage error.
 */
public final class RoleProcess {
    private RoleProcess() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        try {
            System.exit(run(args, out));
        } catch (IpcException | IllegalArgumentException e) {
            out.flush();
            System.err.println("peer: " + e.getMessage());
            System.exit(ExitStatus.USAGE);
        }
    }

    static int run(String[] args, PrintStream out) {
        if (args.length == 0 || !(args[0].equals("produce") || args[0].equals("consume"))) {
            throw new IllegalArgumentException("usage: RoleProcess produce|consume --id SHMID [--count N] [--interval D]"
                    + " [--timeout D] [--unsynchronized] [--quiet] [--go]");
        }
        boolean producer = args[0].equals("produce");
        int shmid = -1;
        int count = Channel.DEFAULT_COUNT;
        Duration interval = Channel.DEFAULT_INTERVAL;
        Duration timeout = null;
        Channel.Mode mode = Channel.Mode.SYNCHRONIZED;
        boolean quiet = false;
        boolean go = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--id" -> shmid = Integer.parseInt(value(args, ++i));
                case "--count" -> count = Integer.parseInt(value(args, ++i));
                case "--interval" -> interval = Numbers.duration(value(args, ++i));
                case "--timeout" -> timeout = Numbers.duration(value(args, ++i));
                case "--unsynchronized" -> mode = Channel.Mode.UNSYNCHRONIZED;
                case "--quiet" -> quiet = true;
                case "--go" -> go = true;
                default -> throw new IllegalArgumentException("unknown option: " + args[i]);
            }
        }
        if (shmid < 0) {
            throw new IllegalArgumentException("--id SHMID is required");
        }
        try (Segment segment = Segment.attach(shmid)) {
            Channel channel = Channel.of(segment, mode);
            out.println("attached shmid=" + shmid + " pid=" + ProcessHandle.current().pid());
            out.flush();
            if (go) {
                awaitGo();
            }
            ChannelReport report;
            if (producer) {
                report = channel.produce(count, interval);
            } else {
                boolean print = !quiet;
                // "started" once it has looked: the demo starts the producer only then.
                report = channel.consume(count, timeout, line -> {
                    if (print) {
                        out.println(line);
                    }
                }, () -> {
                    out.println("started");
                    out.flush();
                });
            }
            out.println(report.toLine());
            out.flush();
            return report.complete() ? 0 : 1;
        }
    }

    /** Blocks until the parent says go; from then on, a closed stdin ends this process. */
    private static void awaitGo() {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            if (in.readLine() == null) {
                System.exit(ExitStatus.FAILED);
            }
        } catch (IOException e) {
            System.exit(ExitStatus.FAILED);
        }
        Thread watchdog = new Thread(() -> {
            try {
                while (in.readLine() != null) {
                    // Only the end of input matters.
                }
            } catch (IOException e) {
                // Treated as the end.
            }
            Runtime.getRuntime().halt(1);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
