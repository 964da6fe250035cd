package io.ipcsh.shell;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * picocli's annotations on the shell's commands, in words, written at build time into a
 * class of their own, {@value #CLASS}: Maven runs {@link #main} after compiling. A class,
 * not a resource file, because the AOT cache holds classes: a one-shot reads the words
 * from memory, where finding and reading a resource opened the jar and cost about 6 ms.
 *
 * <p>At run time it answers for the annotations: {@link #recorded} gives a class's, and
 * {@link #command} its {@code @Command} (read from the class itself if it was not recorded).
 *
 * <p>The words of a class: for each of its annotations and then each annotated field's,
 * {@code @TYPE} and a line per member that is not at its default, the member's name and
 * its values with a tab before each ({@code \t}, {@code \n} and {@code \\} escaped);
 * {@code field NAME} before a field's. The defaults of each annotation type are recorded
 * once, under the name {@value #DEFAULTS}.
 */
final class CommandRecording {
    /** The class that holds the words. */
    static final String CLASS = "io.ipcsh.shell.RecordedCommands";
    /** The name under which the annotation types' defaults are recorded. */
    static final String DEFAULTS = "";

    private static final List<Class<? extends Annotation>> TYPES =
            List.of(Command.class, Option.class, Parameters.class, ArgGroup.class, Mixin.class, Spec.class);

    private CommandRecording() {
    }

    /** One class's picocli annotations: its own, and each annotated field's, in declaration order. */
    record Recorded(Map<Class<?>, RecordedAnnotation> annotations, Map<String, Map<Class<?>, RecordedAnnotation>> fields) {
        <A extends Annotation> A annotation(Class<A> type) {
            return type.cast(annotations.get(type));
        }
    }

    /** Each recorded class's words, parsed at its first use: a one-shot needs four of forty. */
    private static final Map<String, String> WORDS = read();
    private static final Map<String, Recorded> PARSED = new ConcurrentHashMap<>();

    /** {@code c}'s recorded annotations, or null if it was not recorded (or nothing was). */
    static Recorded recorded(Class<?> c) {
        String name = c.getName();
        String words = WORDS.get(name);
        return words == null ? null : PARSED.computeIfAbsent(name, n -> parse(words));
    }

    /** {@code c}'s {@code @Command}: recorded, else read from the class. */
    static Command command(Class<?> c) {
        Recorded r = recorded(c);
        return r != null ? r.annotation(Command.class) : c.getAnnotation(Command.class);
    }

    static Class<?> load(String name) {
        try {
            return Class.forName(name, false, CommandRecording.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the recorded command annotations name a class that is gone: " + name
                    + " (mvn package records them again)", e);
        }
    }

    // At build time.

    /** Writes {@value #CLASS} into the class directory {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]).resolve(CLASS.replace('.', '/') + ".class");
        Files.createDirectories(out.getParent());
        Files.write(out, classFile(record(roots())));
    }

    /** The classes whose commands the shell builds: each top-level command, the root, and picocli's help mixin. */
    static List<Class<?>> roots() {
        List<Class<?>> roots = new ArrayList<>(Commands.ALL);
        roots.add(Shell.Root.class);
        roots.add(load("picocli.CommandLine$AutoHelpMixin"));
        return roots;
    }

    /** The words of {@code roots} and of every class they reach (superclasses, subcommands, mixins, groups), by class name. */
    static Map<String, String> record(List<Class<?>> roots) {
        Map<String, String> words = new LinkedHashMap<>();
        StringBuilder defaults = new StringBuilder();
        for (Class<? extends Annotation> type : TYPES) {
            defaults.append('@').append(type.getName()).append('\n');
            for (Method m : members(type)) {
                if (m.getDefaultValue() != null) {
                    appendMember(defaults, m.getName(), m.getDefaultValue());
                }
            }
        }
        words.put(DEFAULTS, defaults.toString());
        Set<Class<?>> seen = new LinkedHashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            Class<?> c = todo.removeFirst();
            if (c == null || c == Object.class || !seen.add(c)) {
                continue;
            }
            todo.add(c.getSuperclass());
            StringBuilder out = new StringBuilder();
            for (Annotation a : picocli(c.getDeclaredAnnotations())) {
                if (a instanceof Command cmd) {
                    if (!cmd.versionProvider().getName().equals("picocli.CommandLine$NoVersionProvider")) {
                        throw new IllegalStateException(c + ": a versionProvider is not recorded yet");
                    }
                    todo.addAll(Arrays.asList(cmd.subcommands()));
                }
                append(out, a);
            }
            for (Method m : c.getDeclaredMethods()) {
                if (!picocli(m.getDeclaredAnnotations()).isEmpty()) {
                    throw new IllegalStateException(m + ": picocli annotations on methods are not recorded yet");
                }
            }
            for (Field f : c.getDeclaredFields()) {
                List<Annotation> picocli = picocli(f.getDeclaredAnnotations());
                if (picocli.isEmpty()) {
                    continue;
                }
                out.append("field ").append(f.getName()).append('\n');
                for (Annotation a : picocli) {
                    if (a instanceof CommandLine.Unmatched || a instanceof CommandLine.ParentCommand) {
                        throw new IllegalStateException(f + ": @" + a.annotationType().getSimpleName() + " is not recorded yet");
                    }
                    if (a instanceof Mixin || a instanceof ArgGroup) {
                        if (f.getType().isArray() || Iterable.class.isAssignableFrom(f.getType())) {
                            throw new IllegalStateException(f + ": a repeated @ArgGroup or @Mixin is not recorded yet");
                        }
                        todo.add(f.getType());
                    }
                    append(out, a);
                }
            }
            words.put(c.getName(), out.toString());
        }
        return words;
    }

    /**
     * The class file of {@value #CLASS}: a {@code Supplier<String[]>} of class names and
     * their words, one string constant each (a constant holds up to 65,535 bytes).
     */
    static byte[] classFile(Map<String, String> words) {
        List<String> strings = new ArrayList<>();
        words.forEach((name, w) -> {
            if (w.getBytes(StandardCharsets.UTF_8).length > 60_000) {
                throw new IllegalStateException(name + ": too many words for one string constant");
            }
            strings.add(name);
            strings.add(w);
        });
        ClassDesc self = ClassDesc.of(CLASS);
        return ClassFile.of().build(self, cls -> cls
                .withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SUPER)
                .withInterfaceSymbols(ClassDesc.of(Supplier.class.getName()))
                .withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC, code -> code
                        .aload(0)
                        .invokespecial(ConstantDescs.CD_Object, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void)
                        .return_())
                .withMethodBody("get", MethodTypeDesc.of(ConstantDescs.CD_Object), ClassFile.ACC_PUBLIC, code -> {
                    code.loadConstant(strings.size()).anewarray(ConstantDescs.CD_String);
                    for (int i = 0; i < strings.size(); i++) {
                        code.dup().loadConstant(i).loadConstant(strings.get(i)).aastore();
                    }
                    code.areturn();
                }));
    }

    private static List<Annotation> picocli(Annotation[] all) {
        List<Annotation> out = new ArrayList<>();
        for (Annotation a : all) {
            if (a.annotationType().getDeclaringClass() == CommandLine.class) {
                out.add(a);
            }
        }
        return out;
    }

    private static void append(StringBuilder out, Annotation a) {
        out.append('@').append(a.annotationType().getName()).append('\n');
        for (Method m : members(a.annotationType())) {
            Object value;
            try {
                value = m.invoke(a);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(a + "." + m.getName(), e);
            }
            if (!Objects.deepEquals(value, m.getDefaultValue())) {
                appendMember(out, m.getName(), value);
            }
        }
    }

    private static Method[] members(Class<?> annotationType) {
        Method[] members = annotationType.getDeclaredMethods();
        Arrays.sort(members, Comparator.comparing(Method::getName));
        return members;
    }

    private static void appendMember(StringBuilder out, String name, Object value) {
        out.append(name);
        for (String word : words(value)) {
            out.append('\t').append(escape(word));
        }
        out.append('\n');
    }

    private static List<String> words(Object value) {
        if (value instanceof Class<?>[] a) {
            return Arrays.stream(a).map(Class::getName).toList();
        }
        return switch (value) {
            case String s -> List.of(s);
            case String[] a -> List.of(a);
            case Class<?> c -> List.of(c.getName());
            case Enum<?> e -> List.of(e.name());
            case Boolean b -> List.of(b.toString());
            case Integer i -> List.of(i.toString());
            case Character ch -> List.of(ch.toString());
            default -> throw new IllegalStateException("an annotation member of a type not recorded: " + value);
        };
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    // At run time.

    /** The words of each recorded class by its name, from {@value #CLASS}; none if the build made no recording. */
    static Map<String, String> read() {
        String[] strings;
        try {
            @SuppressWarnings("unchecked")
            Supplier<String[]> recording = (Supplier<String[]>) Class.forName(CLASS).getDeclaredConstructor().newInstance();
            strings = recording.get();
        } catch (ClassNotFoundException e) {
            return Map.of();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> words = new HashMap<>();
        for (int i = 0; i < strings.length; i += 2) {
            words.put(strings[i], strings[i + 1]);
        }
        return words;
    }

    /** One class's words as its annotations, each on the defaults of its type. */
    static Recorded parse(String words) {
        return parse(words, Defaults.OF_TYPE);
    }

    private static final class Defaults {
        static final Map<Class<?>, Map<String, List<String>>> OF_TYPE = defaults();

        private static Map<Class<?>, Map<String, List<String>>> defaults() {
            String words = WORDS.get(DEFAULTS);
            Map<Class<?>, Map<String, List<String>>> out = new HashMap<>();
            if (words != null) {
                parse(words, Map.of()).annotations().forEach((type, a) -> out.put(type, a.members()));
            }
            return out;
        }
    }

    static Recorded parse(String words, Map<Class<?>, Map<String, List<String>>> defaults) {
        Recorded recorded = new Recorded(new LinkedHashMap<>(), new LinkedHashMap<>());
        Map<Class<?>, RecordedAnnotation> annotations = recorded.annotations();
        Map<String, List<String>> members = null;
        int at = 0;
        while (at < words.length()) {
            int end = words.indexOf('\n', at);
            String line = words.substring(at, end < 0 ? words.length() : end);
            at = end < 0 ? words.length() : end + 1;
            if (line.startsWith("field ")) {
                annotations = new LinkedHashMap<>();
                recorded.fields().put(line.substring(6), annotations);
            } else if (line.startsWith("@")) {
                @SuppressWarnings("unchecked")
                Class<? extends Annotation> type = (Class<? extends Annotation>) load(line.substring(1));
                members = new HashMap<>();
                annotations.put(type, new RecordedAnnotation(type, members, defaults.get(type)));
            } else {
                List<String> values = new ArrayList<>();
                int tab = line.indexOf('\t');
                String name = tab < 0 ? line : line.substring(0, tab);
                while (tab >= 0) {
                    int next = line.indexOf('\t', tab + 1);
                    values.add(unescape(line.substring(tab + 1, next < 0 ? line.length() : next)));
                    tab = next;
                }
                members.put(name, values);
            }
        }
        return recorded;
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' && i + 1 < s.length()) {
                char next = s.charAt(++i);
                out.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
