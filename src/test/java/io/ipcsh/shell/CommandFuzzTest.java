package io.ipcsh.shell;

import io.ipcsh.posix.Ipc;
import io.ipcsh.ipc.SemaphoreSetStat;
import io.ipcsh.posix.Sem;
import io.ipcsh.posix.Shm;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.SysvShm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A seeded random fuzzer over the command grammar: lines of one to three commands, each
 * built from the grammar's slots (offsets, types, values, sizes, modes, durations,
 * handles, keys, ids) filled with valid and invalid tokens alike, then mutated (a slot
 * dropped, a stray token inserted or substituted). Every line must give valid output or
 * exactly one error line, never a stack trace or an "unexpected" exception, and leave no
 * segment the session doesn't know it made.
 *
 * <p>10,000 lines by default; {@code -Dipcsh.fuzz.lines=1000000} for more,
 * {@code -Dipcsh.fuzz.seed=N} for another sequence. A failure names the seed and the line.
 *
 * <p>Only this test's own segments are ever named by id or key: a number that happens to
 * be another process's shmid or key is replaced before the line runs, because this
 * machine is shared and the fuzzer destroys what it attaches.
 */
class CommandFuzzTest {
    private static final long SEED = Long.getLong("ipcsh.fuzz.seed", 20261128L);
    private static final int LINES = Integer.getInteger("ipcsh.fuzz.lines", 10_000);
    /** A fresh session (and fixture) every so many lines, so that made segments don't pile up. */
    private static final int LINES_PER_SESSION = 250;
    private static final long HANG_MILLIS = 5_000;

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    @TempDir
    Path dir;

    private Random random;
    private String freshKey;
    /** POSIX names for this session's lines: two of this JVM's (swept after the test), and bad ones. */
    private String[] names;

    // ---- token pools, one per grammar slot ----
    static final String[] OFFSETS = {"0", "8", "64", "100", "4064", "4088", "4092", "4095", "4096", "4097", "-1", "-8",
            "0x10", "0x40", "0x", "0xZZ", "abc", "1.5", "1e3", "9223372036854775807", "99999999999999999999", "''"};
    static final String[] TYPES = {"i8", "u8", "i16", "u16", "i32", "u32", "i64", "u64", "f32", "f64", "str", "bytes",
            "i33", "int", "STR", "float", "''", "i"};
    static final String[] VALUES = {"0", "1", "-1", "42", "127", "128", "255", "256", "65535", "65536", "2147483647",
            "2147483648", "-2147483649", "4294967296", "9223372036854775807", "9223372036854775808",
            "18446744073709551615", "18446744073709551616", "-9223372036854775809", "0x7f", "0x", "1.5", "-2e3",
            "nan", "inf", "1e400", "abc", "de", "deadbeef", "zz", "hello", "'two words'", "é", "日本", "''"};
    static final String[] COUNTS = {"1", "2", "3", "16", "0", "-1", "4096", "4097", "2147483647", "2147483648", "x"};
    static final String[] SIZES = {"1", "4k", "4096", "8k", "64k", "0", "0k", "-1", "4kb", "k", "1t", "0x1000", "0x",
            "1000000g", "8388608g", "4611686018427387904", "99999999999999999999"};
    static final String[] MODES = {"0600", "0640", "0644", "0660", "0666", "0777", "600", "0", "999", "8", "rw", "0o644"};
    static final String[] DURATIONS = {"0s", "0", "1ms", "2ms", "5ms", "abc", "-1s", "1y", "1..5s", "999999999999999h", ""};
    static final String[] HANDLES = {"data", "ro", "removed", "gone", "nosuch", "h1", "h2", "1bad", "''", "set", "setgone"};
    static final String[] AT = {"@data", "@ro", "@removed", "@gone", "@nosuch", "@h1", "@", "@set", "@set", "@setgone"};
    static final String[] IDS = {"{data}", "{removed}", "{gone}", "-1", "abc", "0x", "''", "{set}", "{setgone}"};
    static final String[] OPS = {"0:-1", "0:+1", "1:0", "2:+3", "1:-1", "3:-1", "0:-32767", "0:+32767", "0:-32768", "0:+99999",
            "x", "0:", ":1", "0", "-1:1", "0:+1,1:-1", "65536:1", "0:1", "0:--1", "''"};
    static final String[] MEMBERS = {"0", "1", "2", "3", "-1", "65535", "65536", "x"};
    static final String[] PROJS = {"65", "A", "z", "1", "255", "0", "256", "-1", "ab", "''"};
    static final String[] STRAY = {"--bogus", "--", "-h", "--help", "-V", "--version", "--force", "--temp",
            "--readonly", "--create", "--new", "--undo", "--nowait", "--count", "{set}", "'", "\"", "\\", "#", ";", "é", "\u0001", "@", "@@", "''", "{data}"};
    static final String[] STRUCT_DECLS = {"{ int a; char b[4]; }", "{ sem_t s; pthread_mutex_t m; long t; }",
            "{ struct rec r; short x[2][3]; }", "{ int f : 3; }", "{ union { int a; } u; }", "{ int a", "{ }", "{ widget w; }",
            "{ char *p; double d; bool ok; }", "{ void (*f)(void); }", "{ uint64_t big; int8_t small; float f; }",
            "{ int a; int a; }", "{ char name[N]; }", "{ int v[99999999999]; }", "{ struct pair *next; int a; char b[]; }"};
    static final String[] STRUCT_NAMES = {"rec", "pair", "nosuch", "int", "load", "show", "9x", "''"};
    static final String[] STRUCT_TYPES = {"rec", "rec.a", "rec.b", "rec.b[2]", "rec.s", "rec.m", "rec.t", "rec.r.a",
            "rec.x[1][2]", "rec.nosuch", "rec.b[9]", "pair", "pair.x", "pair.r", "nosuch.a", "rec.", "rec..a", "rec[0]"};
    static final String[] HELP_TOPICS = {"", "attach", "sem", "sem init", "wait", "frob", "sem frob", "help", "semset", "semop",
            "sem setval", "queue", "send", "receive"};
    static final String[] TAGS = {"0", "1", "2", "-1", "-3", "32767", "32768", "9223372036854775807", "-9223372036854775808",
            "abc", "0x10", "''"};

    @Test
    void shouldSurviveRandomLinesFromTheGrammar() {
        random = new Random(SEED);
        List<String> findings = new ArrayList<>();
        TreeMap<String, Integer> outcomes = new TreeMap<>();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fuzz-watchdog");
            t.setDaemon(true);
            return t;
        });
        Thread runner = Thread.currentThread();
        int done = 0;
        try {
            while (done < LINES && findings.size() < 20) {
                Set<Long> foreign = foreignNumbers();
                freshKey = ipc.freshKey().hex();
                names = new String[] {ipc.freshName().value(), ipc.freshName().value(), "/a/b", "/", "jobs", "//x",
                        "/" + "n".repeat(255), "''"};
                HostileShell shell = new HostileShell();
                try {
                    for (int i = 0; i < LINES_PER_SESSION && done < LINES && findings.size() < 20; i++, done++) {
                        String line = safe(shell.expand(line()), foreign);
                        ScheduledFuture<?> alarm = watchdog.schedule(runner::interrupt, HANG_MILLIS, TimeUnit.MILLISECONDS);
                        HostileShell.Outcome o;
                        boolean hung;
                        try {
                            o = shell.run(line);
                        } catch (RuntimeException | Error e) {
                            findings.add("line " + done + " threw " + e + "\nline: " + line);
                            continue;
                        } finally {
                            hung = !alarm.cancel(false);
                            Thread.interrupted();
                        }
                        if (hung) {
                            findings.add("line " + done + " still ran after " + HANG_MILLIS + " ms\n" + o.describe());
                        }
                        String problem = problem(o);
                        outcomes.merge(o.status() == 0 ? "ok" : "status " + o.status(), 1, Integer::sum);
                        // Only attach makes segments (shmget with IPC_CREAT); the kernel's list is
                        // read after those lines only, to keep 10,000 lines quick.
                        if (problem == null && line.toLowerCase(Locale.ROOT).contains("attach") && !shell.strays().isEmpty()) {
                            problem = "left segments behind that the session did not make: " + shell.strays();
                        }
                        if (problem != null) {
                            findings.add("line " + done + ": " + problem + "\n" + o.describe());
                        }
                    }
                } finally {
                    Set<Integer> made = shell.created();
                    Set<Integer> sets = shell.createdSets();
                    shell.close();
                    // The session detached everything; remove what it made, fixture included.
                    made.forEach(id -> Shm.shmctl(id, Ipc.IPC_RMID, MemorySegment.NULL));
                    sets.forEach(id -> Sem.semctl(id, 0, Ipc.IPC_RMID));
                    // And the queues it made (the session only names them at exit).
                    for (io.ipcsh.ipc.IpcObject q : shell.session().created(io.ipcsh.ipc.IpcObject.class)) {
                        if (q instanceof io.ipcsh.ipc.CarriesMessages) {
                            try {
                                q.destroy();
                            } catch (RuntimeException e) {
                                // removed by the fuzzed lines already
                            }
                        }
                    }
                }
            }
        } finally {
            watchdog.shutdownNow();
        }
        System.out.println(String.format(Locale.ROOT, "fuzz: seed=%d lines=%d outcomes=%s findings=%d",
                SEED, done, outcomes, findings.size()));
        assertEquals(List.of(), findings, () -> "seed " + SEED + ": " + findings.size() + " findings\n"
                + String.join("\n\n", findings));
        assertEquals(LINES, done);
        assertTrue(outcomes.getOrDefault("ok", 0) > LINES / 20, "too few valid lines to mean much: " + outcomes);
        assertTrue(outcomes.size() > 2, "too few kinds of outcome: " + outcomes);
    }

    /** Why a fuzzed line's outcome is wrong, or null: valid output, or exactly one error line. */
    static String problem(HostileShell.Outcome o) {
        String all = String.join("\n", o.err());
        if (all.contains("\tat ") || all.contains("Exception in")) {
            return "a stack trace";
        }
        for (String e : o.errors()) {
            if (e.contains("unexpected")) {
                return "an unexpected exception (a bug)";
            }
            if (e.length() > Shell.MAX_ERROR_LINE + 100) {
                return "an error line of " + e.length() + " chars";
            }
        }
        if (o.status() == Shell.OK) {
            return o.errors().isEmpty() ? null : "status 0 with an error line";
        }
        if (o.errors().isEmpty()) {
            // trywait's "would block" is a result, printed as one, with status 1.
            boolean wouldBlock = o.status() == Shell.FAILED && !o.out().isEmpty() && o.out().getLast().equals("would block");
            return wouldBlock ? null : "status " + o.status() + " without an error line";
        }
        if (o.errors().size() != 1) {
            return o.errors().size() + " error lines, not 1";
        }
        String e = o.errors().getFirst();
        return e.startsWith("error: ") || e.startsWith("cancelled") ? null : "an error line without 'error: '";
    }

    // ---- the generator ----

    private String line() {
        int commands = random.nextInt(10) < 8 ? 1 : 2 + random.nextInt(2);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < commands; i++) {
            parts.add(String.join(" ", bounded(mutate(command()))));
        }
        return String.join("; ", parts);
    }

    /** who, list --orphans, limits, mutexes (issue #12). */
    private List<String> debuggerCommand() {
        List<String> w = new ArrayList<>();
        switch (random.nextInt(5)) {
            case 0 -> add(w, "mutex", random.nextBoolean() ? "init" : random.nextBoolean() ? "state" : "consistent",
                    maybe(AT), maybe(OFFSETS), random.nextInt(3) == 0 ? "--no-robust" : null);
            // Always a timeout: a lock on memory the fuzzer scribbled over may never be free.
            case 1 -> add(w, "lock", maybe(AT), maybe(OFFSETS), "--timeout", pick(DURATIONS));
            case 2 -> add(w, "unlock", maybe(AT), maybe(OFFSETS));
            case 3 -> add(w, random.nextBoolean() ? "limits" : "list", random.nextBoolean() ? "--orphans" : null);
            default -> {
                add(w, "who", maybe(HANDLES));
                switch (random.nextInt(4)) {
                    case 0 -> add(w, "--id", pick(IDS));
                    case 1 -> add(w, "--key", key());
                    case 2 -> add(w, "--name", random.nextBoolean() ? "/ipcsh-fuzz-none" : pick(VALUES));
                    default -> {
                    }
                }
            }
        }
        return w;
    }

    private List<String> command() {
        if (random.nextInt(8) == 0) {
            return debuggerCommand();
        }
        List<String> w = new ArrayList<>();
        switch (random.nextInt(37)) {
            case 0, 1 -> add(w, "read", maybe(AT), pick(OFFSETS), pick(TYPES), maybe(COUNTS));
            case 2, 3 -> {
                add(w, "write", maybe(AT), pick(OFFSETS), pick(TYPES), pick(VALUES));
                if (random.nextBoolean()) {
                    add(w, pick(VALUES));
                }
            }
            case 4 -> add(w, "dump", maybe(AT), maybe(OFFSETS), random.nextBoolean() ? pick(SIZES) : pick(COUNTS));
            case 5 -> add(w, "watch", maybe(AT), pick(OFFSETS), pick(TYPES), "--count", pick(COUNTS), "--timeout", pick(DURATIONS));
            case 6 -> add(w, "sem", "init", maybe(AT), maybe(OFFSETS), maybe(VALUES), random.nextInt(4) == 0 ? "--force" : null);
            case 7 -> add(w, "sem", random.nextBoolean() ? "value" : "destroy", maybe(AT), maybe(OFFSETS));
            case 8, 9 -> add(w, "wait", maybe(AT), maybe(OFFSETS), "--timeout", pick(DURATIONS));
            case 10 -> add(w, "trywait", maybe(AT), maybe(OFFSETS));
            case 11 -> add(w, "post", maybe(AT), maybe(OFFSETS));
            case 12 -> add(w, random.nextBoolean() ? "stat" : "detach", maybe(HANDLES));
            case 13 -> {
                switch (random.nextInt(3)) {
                    case 0 -> add(w, "destroy", maybe(HANDLES));
                    case 1 -> add(w, "destroy", "--id", pick(IDS));
                    default -> add(w, "destroy", "--key", key());
                }
            }
            case 14 -> add(w, random.nextBoolean() ? "use" : "handles", pick(HANDLES));
            case 15 -> add(w, "help", pick(HELP_TOPICS));
            case 16 -> add(w, "echo", pick(VALUES), maybe(STRAY));
            case 17 -> add(w, "sleep", pick(DURATIONS));
            case 18 -> {
                if (random.nextBoolean()) {
                    add(w, "key", path(), maybe(PROJS), random.nextInt(4) == 0 ? "--create-file" : null);
                } else {
                    add(w, "key", key());
                }
            }
            case 19, 20 -> {
                add(w, "attach", random.nextInt(3) == 0 ? null : key());
                if (random.nextInt(3) > 0) {
                    add(w, "--size", pick(SIZES));
                }
                add(w, random.nextBoolean() ? (random.nextBoolean() ? "--create" : "--new") : null);
                add(w, random.nextBoolean() ? "--mode" : null);
                if (w.getLast().equals("--mode")) {
                    add(w, pick(MODES));
                }
                add(w, random.nextInt(4) == 0 ? "--readonly" : null, random.nextInt(6) == 0 ? "--temp" : null);
                if (random.nextInt(4) == 0) {
                    add(w, "--as", pick(HANDLES));
                }
            }
            case 22 -> {
                switch (random.nextInt(5)) {
                    case 0, 1 -> add(w, "struct", pick(STRUCT_NAMES), pick(STRUCT_DECLS));
                    case 2 -> add(w, "struct", "show", maybe(STRUCT_NAMES));
                    case 3 -> add(w, "struct", "load", path());
                    default -> add(w, "struct");
                }
            }
            case 23 -> {
                switch (random.nextInt(3)) {
                    case 0 -> add(w, "read", maybe(AT), pick(OFFSETS), pick(STRUCT_TYPES), maybe(COUNTS));
                    case 1 -> add(w, "write", maybe(AT), pick(OFFSETS), pick(STRUCT_TYPES), pick(VALUES), random.nextBoolean() ? pick(VALUES) : null);
                    default -> add(w, "watch", maybe(AT), pick(OFFSETS), pick(STRUCT_TYPES), "--count", pick(COUNTS), "--timeout", pick(DURATIONS));
                }
            }
            case 24 -> {
                add(w, "attach", pick(names));
                if (random.nextInt(3) > 0) {
                    add(w, "--size", pick(SIZES));
                }
                add(w, random.nextBoolean() ? (random.nextBoolean() ? "--create" : "--new") : null,
                        random.nextInt(3) == 0 ? "--mode" : null);
                if (w.getLast().equals("--mode")) {
                    add(w, pick(MODES));
                }
                add(w, random.nextInt(4) == 0 ? "--readonly" : null, random.nextInt(6) == 0 ? "--temp" : null);
            }
            case 25 -> {
                add(w, "sem", "open", pick(names), random.nextBoolean() ? (random.nextBoolean() ? "--create" : "--new") : null);
                if (random.nextBoolean()) {
                    add(w, "--value", pick(VALUES));
                }
                if (random.nextInt(3) == 0) {
                    add(w, "--mode", pick(MODES));
                }
            }
            // A POSIX table scans /proc for its holders (slow on a loaded machine): mostly the SysV ones.
            case 27 -> add(w, "list", random.nextInt(6) == 0 ? "--posix" : "--sysv", random.nextBoolean() ? "--memory" : null,
                    random.nextInt(3) == 0 ? "--semaphores" : null, random.nextInt(5) == 0 ? "--queues" : null);
            case 29 -> {
                add(w, "semset", random.nextInt(3) == 0 ? null : key());
                if (random.nextBoolean()) {
                    add(w, "--count", pick(COUNTS));
                }
                add(w, random.nextBoolean() ? (random.nextBoolean() ? "--create" : "--new") : null);
                if (random.nextInt(3) == 0) {
                    add(w, "--mode", pick(MODES));
                }
                if (random.nextInt(4) == 0) {
                    add(w, "--as", pick(HANDLES));
                }
            }
            case 30 -> add(w, "semset", "--id", pick(IDS));
            case 31, 32 -> {
                add(w, "semop", maybe(AT), pick(OPS));
                for (int i = random.nextInt(3); i > 0; i--) {
                    add(w, pick(OPS));
                }
                add(w, random.nextBoolean() ? "--undo" : null, random.nextInt(3) == 0 ? "--nowait" : null);
            }
            case 33 -> {
                switch (random.nextInt(6)) {
                    case 0 -> add(w, "sem", "setval", maybe(AT), maybe(MEMBERS), maybe(VALUES));
                    case 1 -> add(w, "sem", "setall", maybe(AT), pick(VALUES), maybe(VALUES), maybe(VALUES), maybe(VALUES));
                    case 2 -> add(w, "sem", "value", "@set", maybe(MEMBERS));
                    case 3 -> add(w, "wait", "@set", maybe(MEMBERS), random.nextBoolean() ? "--undo" : null);
                    case 4 -> add(w, "trywait", maybe(AT), maybe(MEMBERS), random.nextBoolean() ? "--undo" : null);
                    default -> add(w, "post", maybe(AT), maybe(MEMBERS), random.nextBoolean() ? "--undo" : null);
                }
            }
            case 34 -> {
                // Never queue --id N: a fuzzed number could be someone else's msqid, and destroy follows.
                add(w, "queue", random.nextInt(3) == 0 ? pick(names) : random.nextInt(4) == 0 ? null : key());
                add(w, random.nextInt(3) > 0 ? (random.nextBoolean() ? "--create" : "--new") : null);
                if (random.nextInt(4) == 0) {
                    add(w, "--mode", pick(MODES));
                }
                if (random.nextInt(4) == 0) {
                    add(w, "--max-messages", pick(COUNTS));
                }
                if (random.nextInt(4) == 0) {
                    add(w, "--message-size", pick(SIZES));
                }
                if (random.nextInt(4) == 0) {
                    add(w, "--as", pick(HANDLES));
                }
            }
            case 35 -> {
                add(w, "send", maybe(AT));
                if (random.nextBoolean()) {
                    add(w, random.nextBoolean() ? "--type" : "--priority", pick(TAGS));
                }
                add(w, random.nextBoolean() ? "--nowait" : "--timeout", random.nextBoolean() ? "--hex" : null, pick(VALUES));
                if (random.nextBoolean()) {
                    add(w, pick(VALUES));
                }
            }
            case 36 -> add(w, "receive", maybe(AT), random.nextBoolean() ? "--type" : null, random.nextBoolean() ? "--nowait" : null,
                    random.nextBoolean() ? "--hex" : null);
            default -> add(w, "attach", "--id", pick(IDS), random.nextBoolean() ? "--readonly" : null);
        }
        if (w.size() > 1 && w.get(w.size() - 1).equals("--type") && w.getFirst().equals("receive")) {
            w.add(pick(TAGS));
        }
        return w;
    }

    /** Drops, inserts, substitutes or repeats a word, now and then. */
    private List<String> mutate(List<String> words) {
        int r = random.nextInt(20);
        if (r < 2 && words.size() > 1) {
            words.remove(1 + random.nextInt(words.size() - 1));
        } else if (r < 4) {
            words.add(random.nextInt(words.size() + 1), stray());
        } else if (r < 6 && words.size() > 1) {
            words.set(1 + random.nextInt(words.size() - 1), stray());
        } else if (r == 6) {
            words.add(words.get(random.nextInt(words.size())));
        } else if (r == 7) {
            words.set(0, words.getFirst().toUpperCase(Locale.ROOT));
        }
        return words;
    }

    /**
     * Keeps every line finite: a wait or watch always has a short timeout, a sleep is
     * short. (Without them a mutated {@code wait} would block on the fixture's semaphore.)
     */
    private List<String> bounded(List<String> words) {
        String command = words.getFirst();
        if (command.equals("key") && words.contains("--create-file")) {
            // key PATH --create-file makes PATH: never outside the test's directory.
            for (int i = 1; i < words.size(); i++) {
                String w = words.get(i);
                if (!w.startsWith("--")) {
                    if (!w.startsWith(dir.toString())) {
                        words.set(i, dir.resolve("made-" + i).toString()); // PATH, the first positional
                    }
                    break;
                }
            }
        }
        // semop blocks like wait unless --nowait (which refuses a --timeout beside it).
        boolean blocks = command.equals("wait") || command.equals("watch") || command.equals("lock")
                || (command.equals("semop") && !words.contains("--nowait"))
                || command.equals("send") || command.equals("receive");
        if (blocks || command.equals("sleep")) {
            // A stray ; or # would cut the timeout off, into another command or a comment.
            words.replaceAll(w -> w.contains(";") || w.contains("#") ? "x" : w);
        }
        boolean messaging = command.equals("send") || command.equals("receive");
        if (blocks && !words.contains("--timeout") && !(messaging && words.contains("--nowait"))) {
            words.add("--timeout");
            words.add("1ms");
        }
        int timeout = words.indexOf("--timeout");
        if (blocks && timeout == words.size() - 1) {
            words.add("1ms");
        } else if (timeout > 0 && !List.of(DURATIONS).contains(words.get(timeout + 1))) {
            words.set(timeout + 1, "1ms"); // a bare number is seconds: "{data}" would wait for weeks
        }
        int size = words.indexOf("--size");
        if (size > 0 && size < words.size() - 1 && !List.of(SIZES).contains(words.get(size + 1))) {
            // A stray 2147483648 would make a 2 GB segment, and dumping it takes a while (and
            // RAM the machine's other users need); SIZES holds only small or impossible ones.
            words.set(size + 1, "4k");
        }
        if (command.equals("sleep")) {
            for (int i = 1; i < words.size(); i++) {
                if (!List.of(DURATIONS).contains(words.get(i))) {
                    words.set(i, "1ms");
                }
            }
        }
        return words;
    }

    /** A token from any pool: grammar words in the wrong place. */
    private String stray() {
        String[][] pools = {OFFSETS, TYPES, VALUES, COUNTS, SIZES, MODES, DURATIONS, HANDLES, AT, IDS, PROJS, STRAY};
        return pick(pools[random.nextInt(pools.length)]);
    }

    private String key() {
        return switch (random.nextInt(6)) {
            case 0, 1 -> "private";
            case 2, 3 -> freshKey;
            case 4 -> pick(new String[] {"0xZZ", "abc", "IPC_PRIVATE", "''"});
            default -> "0";
        };
    }

    private String path() {
        return switch (random.nextInt(5)) {
            case 0, 1 -> dir.resolve("keyfile").toString();
            case 2 -> dir.resolve("made-" + random.nextInt(4)).toString();
            case 3 -> "/nonexistent/dir/file";
            default -> dir.toString();
        };
    }

    private String pick(String[] pool) {
        return pool[random.nextInt(pool.length)];
    }

    private String maybe(String[] pool) {
        return random.nextBoolean() ? pick(pool) : null;
    }

    private static void add(List<String> words, String... more) {
        for (String m : more) {
            if (m != null && !(m.isEmpty() && !words.isEmpty() && words.getFirst().equals("help"))) {
                words.add(m.isEmpty() ? "''" : m);
            }
        }
    }

    // ---- never touch other people's segments ----

    /** The shmids and keys of every segment on the host that this JVM didn't make. */
    private static Set<Long> foreignNumbers() {
        int self = (int) ProcessHandle.current().pid();
        Set<Long> numbers = new HashSet<>();
        for (SysvShm s : SysvShm.all()) {
            if (s.cpid() != self) {
                numbers.add((long) s.shmid());
                numbers.add((long) s.key());
                numbers.add(Integer.toUnsignedLong(s.key()));
            }
        }
        // Semaphore sets record no creator: every set on the host before this session is someone else's.
        for (SemaphoreSetStat s : SemaphoreSetStat.list()) {
            numbers.add((long) s.semid());
            numbers.add((long) s.key().value());
            numbers.add(Integer.toUnsignedLong(s.key().value()));
        }
        numbers.remove(0L); // IPC_PRIVATE: "key 0" names no segment
        return numbers;
    }

    /** {@code line} with every number that names someone else's segment replaced by -1. */
    private static String safe(String line, Set<Long> foreign) {
        StringBuilder out = new StringBuilder();
        for (String token : line.split(" ", -1)) {
            String bare = token.replace(";", "");
            BigInteger n = Numbers.integer(bare);
            boolean hit = n != null && n.bitLength() < 64 && foreign.contains(n.longValue());
            out.append(out.isEmpty() ? "" : " ").append(hit ? token.replace(bare, "-1") : token);
        }
        return out.toString();
    }
}
