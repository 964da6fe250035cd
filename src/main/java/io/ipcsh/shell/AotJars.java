package io.ipcsh.shell;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The class path bin/ipcsh trains its JDK 25 AOT cache on: the shell's jar and its
 * libraries, with every class file older than Java 6 rewritten as a Java 8 one with
 * stack maps. Why: picocli's jar is compiled for Java 5, and the JVM keeps no class
 * of that age in an AOT cache ("Skipping picocli/...: Old class has been linked": such
 * a class can only be verified by the old type-inferring verifier, at every start). So
 * every one-shot {@code ipcsh -c ...} loaded, verified and linked picocli's 170-odd
 * classes from its jar, about a third of the start. The bytecode is picocli's own,
 * instruction for instruction; only the version and the StackMapTable that the
 * type-checking verifier (and the cache) need are new, computed by the JDK's ClassFile
 * API.
 *
 * <p>{@code java -cp target/ipcsh.jar io.ipcsh.shell.AotJars target/ipcsh.jar target/lib OUT}
 * writes {@code OUT/ipcsh.jar} (a copy: its manifest's Class-Path then names
 * {@code OUT/lib}) and {@code OUT/lib/*.jar}.
 */
final class AotJars {
    /** Class files below this major version (50 = Java 6) carry no stack maps. */
    static final int FIRST_WITH_STACK_MAPS = 50;
    /** What an old class becomes: Java 8, whose verifier checks the stack maps and never falls back. */
    static final int UPGRADED_MAJOR = 52;

    private AotJars() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: AotJars SHELL_JAR LIB_DIR OUT_DIR");
            System.exit(2);
        }
        Path out = Path.of(args[2]);
        Files.createDirectories(out.resolve("lib"));
        Files.copy(Path.of(args[0]), out.resolve("ipcsh.jar"), StandardCopyOption.REPLACE_EXISTING);
        try (var jars = Files.list(Path.of(args[1]))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                upgrade(jar, out.resolve("lib").resolve(jar.getFileName()));
            }
        }
    }

    /**
     * Copies {@code jar} to {@code to}, each class file older than Java 6 rewritten with
     * stack maps; returns how many were. Entries keep their order and their bytes otherwise.
     */
    static int upgrade(Path jar, Path to) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        // Stack maps name the common supertype of two branches: the jar's own classes are
        // resolved from the jar, the JDK's from the JDK.
        ClassHierarchyResolver own = ClassHierarchyResolver.ofResourceParsing(desc -> {
            byte[] b = entries.get(desc.descriptorString().substring(1, desc.descriptorString().length() - 1) + ".class");
            return b == null ? null : (InputStream) new ByteArrayInputStream(b);
        });
        ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(own.orElse(ClassHierarchyResolver.defaultResolver())),
                ClassFile.StackMapsOption.GENERATE_STACK_MAPS);
        ClassTransform newVersion = (builder, element) -> {
            if (element instanceof ClassFileVersion) {
                builder.withVersion(UPGRADED_MAJOR, 0);
            } else {
                builder.with(element);
            }
        };
        // Rebuilding every method body is what makes the ClassFile API compute the stack maps.
        ClassTransform upgrade = newVersion.andThen(ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL));
        int upgraded = 0;
        Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(tmp))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                byte[] bytes = e.getValue();
                if (e.getKey().endsWith(".class") && !e.getKey().startsWith("META-INF/")) {
                    ClassModel model = cf.parse(bytes);
                    if (model.majorVersion() < FIRST_WITH_STACK_MAPS) {
                        bytes = cf.transformClass(model, upgrade);
                        upgraded++;
                    }
                }
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(bytes);
                z.closeEntry();
            }
        }
        Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING);
        return upgraded;
    }
}
