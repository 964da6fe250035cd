package io.ipcsh.shell;

import io.ipcsh.testkit.Jvm;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.Instruction;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.StackMapTableAttribute;
import java.net.URISyntaxException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AotJarsTest {
    private static Path picocliJar() throws URISyntaxException {
        return Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Every class file of {@code jar} by entry name. */
    private static Map<String, ClassModel> classes(Path jar) throws IOException {
        Map<String, ClassModel> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (var e : zip.stream().toList()) {
                if (e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/")) {
                    out.put(e.getName(), ClassFile.of().parse(zip.getInputStream(e).readAllBytes()));
                }
            }
        }
        return out;
    }

    /** A method's instructions as text, without the stack maps: what it does. */
    private static List<String> instructions(MethodModel m) {
        List<String> out = new ArrayList<>();
        m.code().ifPresent(code -> {
            for (CodeElement e : code) {
                if (e instanceof Instruction i) {
                    out.add(i.opcode().name());
                }
            }
        });
        return out;
    }

    @Test
    void shouldGivePicocliStackMapsAndChangeNoInstruction(@TempDir Path dir) throws Exception {
        Path upgraded = dir.resolve("picocli.jar");
        int count = AotJars.upgrade(picocliJar(), upgraded);
        Map<String, ClassModel> before = classes(picocliJar());
        Map<String, ClassModel> after = classes(upgraded);
        assertTrue(count > 100, "picocli's Java 5 classes rewritten: " + count);
        assertEquals(before.keySet(), after.keySet());
        for (var e : before.entrySet()) {
            ClassModel old = e.getValue();
            ClassModel now = after.get(e.getKey());
            assertTrue(now.majorVersion() >= AotJars.FIRST_WITH_STACK_MAPS, e.getKey() + " still " + now.majorVersion());
            assertEquals(old.methods().size(), now.methods().size(), e.getKey());
            for (int k = 0; k < old.methods().size(); k++) {
                MethodModel was = old.methods().get(k);
                MethodModel is = now.methods().get(k);
                assertEquals(was.methodName().stringValue() + was.methodType().stringValue(),
                        is.methodName().stringValue() + is.methodType().stringValue());
                assertEquals(instructions(was), instructions(is), e.getKey() + " " + was.methodName());
            }
        }
        boolean anyBranches = after.values().stream().flatMap(c -> c.methods().stream())
                .anyMatch(m -> m.code().flatMap(c -> c.findAttribute(java.lang.classfile.Attributes.stackMapTable()))
                        .map(StackMapTableAttribute.class::cast).isPresent());
        assertTrue(anyBranches, "stack maps were written");
        // The type-checking verifier accepts every one of them (application classes are verified).
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {upgraded.toUri().toURL()}, null)) {
            for (String entry : after.keySet()) {
                String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
                // Initializing links the class, and linking verifies it.
                Class<?> c = Class.forName(name, true, loader);
                assertEquals(loader, c.getClassLoader(), name);
            }
        }
    }

    /** Where picocli.CommandLine came from in a JVM that trained and then used an AOT cache on {@code jar}. */
    private static String cachedFrom(Path jar, Path dir) {
        Path cache = dir.resolve(jar.getFileName() + ".aot");
        List<String> common = List.of(Jvm.javaExecutable(), "-Xlog:aot*=off", "-Xlog:cds*=off", "-cp", jar.toString());
        List<String> train = new ArrayList<>(common.subList(0, 1));
        train.add("-XX:AOTCacheOutput=" + cache);
        train.addAll(common.subList(1, common.size()));
        train.addAll(List.of("picocli.AutoComplete", "--help"));
        Proc.Result t = Proc.run(Duration.ofSeconds(120), train);
        assertEquals(0, t.exitCode(), t.describe());
        List<String> use = new ArrayList<>(common.subList(0, 1));
        use.addAll(List.of("-XX:AOTCache=" + cache, "-Xlog:class+load=info"));
        use.addAll(common.subList(1, common.size()));
        use.addAll(List.of("picocli.AutoComplete", "--help"));
        Proc.Result r = Proc.run(Duration.ofSeconds(120), use);
        assertEquals(0, r.exitCode(), r.describe());
        return r.stdout().lines().filter(l -> l.contains(" picocli.CommandLine source: ")).findFirst().orElseThrow(() -> new AssertionError(r.describe()));
    }

    @Test
    void shouldLetAnotherJvmKeepPicocliInItsAotCache(@TempDir Path dir) throws Exception {
        // The cause: picocli as published (Java 5 class files) is never in the cache ...
        assertFalse(cachedFrom(picocliJar(), dir).contains("shared objects file"), "picocli as published");
        // ... and rewritten it is.
        Path upgraded = dir.resolve("picocli-upgraded.jar");
        AotJars.upgrade(picocliJar(), upgraded);
        String line = cachedFrom(upgraded, dir);
        assertTrue(line.contains("shared objects file"), line);
    }
}
