package io.ipcsh.shell;

import io.ipcsh.cli.Json;
import io.ipcsh.ipc.IpcException;
import io.ipcsh.ipc.IpcKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code key PATH [PROJ] [--create-file]}: {@code ftok(PATH, PROJ)}; or a literal key
 * ({@code key 0x4100c1ab}, {@code key 1234}, {@code key private} for IPC_PRIVATE). The
 * result becomes the current key, which {@code attach} uses when given none; the prompt
 * shows it after the current handle's own when the two differ.
 */
@Command(name = "key", mixinStandardHelpOptions = true,
        description = {"ftok(PATH, PROJ), a literal key or private: the key attach uses.",
                "Prints the key and makes it the current one. When the current handle",
                "is on another key, the prompt shows both: ipcsh h1 0x00005150 key 0x00001111>"})
final class KeyCommand extends ShellCommand implements NeverBlocks {
    @Parameters(index = "0", paramLabel = "PATH|KEY", converter = Source.Converter.class,
            description = "a file (ftok), 0x hex or decimal key, or private")
    Source source;

    /** A file for ftok or a literal key, as a parameter's type: completion offers files and private. */
    record Source(String text) {
        /**
         * The text: picocli prints each value it sets (for its trace, even when that is
         * off), and a record's own toString spins a class at its first call.
         */
        @Override
        public String toString() {
            return text;
        }

        static final class Converter implements picocli.CommandLine.ITypeConverter<Source> {
            @Override
            public Source convert(String value) {
                return new Source(value);
            }
        }
    }

    @Parameters(index = "1", arity = "0..1", paramLabel = "PROJ",
            description = "ftok project id: 1-255 or one character (default: 65, 'A')")
    String proj;

    @Option(names = "--create-file", description = "create PATH (empty) if it does not exist")
    boolean createFile;

    @Override
    public Integer call() {
        String what = source.text();
        IpcKey key = literal(what);
        Path created = null;
        if (key == null) {
            Path path = Path.of(what);
            if (createFile && !Files.exists(path)) {
                try {
                    Files.createFile(path);
                    created = path.toAbsolutePath().normalize();
                } catch (IOException e) {
                    throw new UserError("cannot create " + what + ": " + reason(path, e));
                }
            }
            key = IpcKey.ftok(path, projectId(proj));
        } else if (proj != null || createFile) {
            throw new UserError("PROJ and --create-file only go with a PATH, not a literal key " + what);
        }
        session().currentKey(key);
        // A file made here is easy to lose track of (and to commit): say where it went.
        result("key " + key + (created == null ? "" : " (created " + created + ")"),
                Json.object().put("key", key.hex()).put("private", key.isPrivate()).put("created", created == null ? null : created.toString()));
        return OK;
    }

    /** Why a file could not be made, by errno name as the rest of the shell says it. */
    private static String reason(Path path, IOException e) {
        Path parent = path.toAbsolutePath().getParent();
        return switch (e) {
            case java.nio.file.NoSuchFileException x -> "ENOENT (no such directory: " + parent + ")";
            case java.nio.file.AccessDeniedException x -> "EACCES (permission denied in " + parent + ")";
            case java.nio.file.NotDirectoryException x -> "ENOTDIR (not a directory: " + parent + ")";
            case java.nio.file.FileSystemException x when x.getReason() != null -> x.getReason();
            default -> e.toString();
        };
    }

    /** A literal key, or null if {@code text} is a path. */
    private static IpcKey literal(String text) {
        if (text.equalsIgnoreCase("private") || text.equals("IPC_PRIVATE")) {
            return IpcKey.PRIVATE;
        }
        if (Numbers.integer(text) != null && !text.contains("/")) {
            return IpcKey.parse(text);
        }
        if ((text.startsWith("0x") || text.startsWith("0X")) && !text.contains("/")) {
            // Meant as a key, not as a file to ftok: say so instead of "no such file".
            throw new UserError("not a hex key: " + text + " (a key is 0x and up to 8 hex digits, a number or private;"
                    + " a file of that name is key ./" + text + ")");
        }
        return null;
    }

    private static int projectId(String text) {
        if (text == null) {
            return 65;
        }
        if (text.length() == 1 && !Character.isDigit(text.charAt(0))) {
            return text.charAt(0);
        }
        var v = Numbers.integer(text);
        if (v == null || v.signum() <= 0 || v.bitLength() > 8) {
            throw new IpcException.InvalidArgumentException(
                    "project id out of range: proj=" + text + " (use 1-255 or one character)");
        }
        return v.intValue();
    }
}
