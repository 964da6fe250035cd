package io.ipcsh.shell;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IAnnotatedElement;
import picocli.CommandLine.Model.IScope;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
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

/**
 * picocli's annotations on the shell's commands, recorded at build time ({@link #main},
 * run by Maven after compiling) and read back as {@link RecordedAnnotation}s. picocli
 * reads a command's model from its annotations, and the JDK makes every annotation type's
 * first instance by generating a proxy class, which the AOT cache can't hold: that was the
 * largest part of a one-shot {@code ipcsh -c 'key private'}. The annotations stay the one
 * definition of the commands; this is a copy of them that Maven makes, and
 * {@code CommandModelsTest} checks that the models built from it equal picocli's own.
 *
 * <p>Without the recording (a class compiled by an IDE, not Maven), everything reads the
 * annotations as before.
 */
final class CommandModels {
    /** The recording, beside this class in the jar. */
    static final String RESOURCE = "commands.model";
    private static final String HEADER = "ipcsh command annotations 1";

    private CommandModels() {
    }

    /** One class's picocli annotations: its own, and each annotated field's, in declaration order. */
    record Recorded(Map<Class<?>, RecordedAnnotation> annotations, Map<String, Map<Class<?>, RecordedAnnotation>> fields) {
        <A extends Annotation> A annotation(Class<A> type) {
            return type.cast(annotations.get(type));
        }
    }

    private static final class Loaded {
        static final Map<String, Recorded> CLASSES = read();
    }

    /** {@code c}'s recorded annotations, or null if it was not recorded (or nothing was). */
    static Recorded recorded(Class<?> c) {
        return Loaded.CLASSES.get(c.getName());
    }

    /** {@code c}'s {@code @Command}: recorded, else read from the class. */
    static Command command(Class<?> c) {
        Recorded r = recorded(c);
        return r != null ? r.annotation(Command.class) : c.getAnnotation(Command.class);
    }

    static Class<?> load(String name) {
        try {
            return Class.forName(name, false, CommandModels.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the command annotations name a class that is gone: " + name
                    + " (mvn package records them again)", e);
        }
    }

    // Building picocli's models, as picocli's CommandReflection does from the annotations.

    /**
     * picocli's model of the command object {@code command}, built from the recording as
     * {@code CommandSpec.forAnnotatedObject} builds it from the annotations; null if a class
     * it needs was not recorded, and then the caller has picocli read the annotations.
     */
    static CommandSpec spec(Object command, IFactory factory) {
        List<Class<?>> hierarchy = hierarchy(command.getClass());
        if (hierarchy == null) {
            return null;
        }
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command, factory);
        IScope scope = RecordedField.scopeOf(command);
        boolean standardHelp = false;
        for (Class<?> c : hierarchy) {
            Command cmd = recorded(c).annotation(Command.class);
            if (cmd != null) {
                spec.updateCommandAttributes(cmd, factory);
                standardHelp |= cmd.mixinStandardHelpOptions();
                for (Class<?> sub : cmd.subcommands()) {
                    CommandSpec subSpec = spec(construct(factory, sub), factory);
                    if (subSpec == null) {
                        return null;
                    }
                    spec.addSubcommand(command(sub).name(), new CommandLine(subSpec, factory));
                }
            }
            addMembers(c, scope, spec, null, factory);
        }
        if (standardHelp) {
            // picocli adds them last, from its AutoHelpMixin's annotations: from their recording here.
            CommandSpec help = spec(construct(factory, load(AUTO_HELP)), factory);
            if (help == null) {
                return null;
            }
            spec.addMixin(AUTO_HELP_KEY, help);
        }
        UPDATE_MESSAGES.accept(spec);
        return spec;
    }

    private static final String AUTO_HELP = "picocli.CommandLine$AutoHelpMixin";
    private static final String AUTO_HELP_KEY = "mixinStandardHelpOptions";

    /** {@code c} and its superclasses, Object's first as picocli walks them; null if one was not recorded. */
    private static List<Class<?>> hierarchy(Class<?> c) {
        List<Class<?>> out = new ArrayList<>();
        for (; c != null && c != Object.class; c = c.getSuperclass()) {
            if (recorded(c) == null) {
                return null;
            }
            out.addFirst(c);
        }
        return out;
    }

    /** picocli's {@code initFromAnnotatedTypedMembers}, for each recorded field of {@code c}. */
    private static void addMembers(Class<?> c, IScope scope, CommandSpec spec, ArgGroupSpec.Builder group, IFactory factory) {
        for (Map.Entry<String, Map<Class<?>, RecordedAnnotation>> f : recorded(c).fields().entrySet()) {
            RecordedField member;
            try {
                member = new RecordedField(c.getDeclaredField(f.getKey()), f.getValue(), scope);
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException("the command annotations name a field that is gone: " + c.getName() + "."
                        + f.getKey() + " (mvn package records them again)", e);
            }
            if (member.isMixin()) {
                Object mixin = get(member);
                if (mixin == null) {
                    mixin = construct(factory, member.getTypeInfo().getType());
                    set(member, mixin);
                }
                CommandSpec mixinSpec = spec(mixin, factory);
                if (mixinSpec == null) {
                    throw new IllegalStateException("the mixin of " + member + " was not recorded");
                }
                spec.addMixin(member.getMixinName(), mixinSpec.withToString(member.getToString()), member);
                for (IAnnotatedElement e : mixinSpec.specElements()) {
                    if (e.getAnnotation(Spec.class).value() == Spec.Target.MIXEE) {
                        set(e, spec);
                    }
                }
            } else if (member.isArgGroup()) {
                ArgGroupSpec g = group(member, spec, factory);
                if (group != null) {
                    group.addSubgroup(g);
                } else {
                    spec.addArgGroup(g);
                }
            } else if (member.isArgSpec()) {
                ArgSpec arg = member.isOption() ? OptionSpec.builder(member, factory).build()
                        : PositionalParamSpec.builder(member, factory).build();
                if (group != null) {
                    group.addArg(arg);
                } else {
                    spec.add(arg);
                }
            } else if (member.isSpec()) {
                if (group != null) {
                    group.addSpecElement(member);
                } else {
                    spec.addSpecElement(member);
                    if (member.getAnnotation(Spec.class).value() == Spec.Target.SELF) {
                        set(member, spec);
                    }
                }
            }
        }
    }

    /** picocli's {@code extractArgGroupSpec}: the group's fields share one scope, its object's when there is one. */
    private static ArgGroupSpec group(RecordedField member, CommandSpec spec, IFactory factory) {
        Object instance = get(member);
        Class<?> type = instance == null ? member.getTypeInfo().getType() : instance.getClass();
        IScope scope = RecordedField.scopeOf(instance);
        ArgGroupSpec.Builder builder = ArgGroupSpec.builder(member);
        builder.updateArgGroupAttributes(member.getAnnotation(ArgGroup.class));
        List<Class<?>> hierarchy = hierarchy(type);
        if (hierarchy == null) {
            throw new IllegalStateException("the group of " + member + " was not recorded");
        }
        for (Class<?> c : hierarchy) {
            addMembers(c, scope, spec, builder, factory);
        }
        return builder.build();
    }

    private static Object get(IAnnotatedElement member) {
        try {
            return member.getter().get();
        } catch (Exception e) {
            throw new CommandLine.InitializationException("cannot read " + member + ": " + e, e);
        }
    }

    private static void set(IAnnotatedElement member, Object value) {
        try {
            member.setter().set(value);
        } catch (Exception e) {
            throw new CommandLine.InitializationException("cannot set " + member + ": " + e, e);
        }
    }

    private static Object construct(IFactory factory, Class<?> c) {
        try {
            return factory.create(c);
        } catch (Exception e) {
            throw new CommandLine.InitializationException("cannot make a " + c.getName() + ": " + e, e);
        }
    }

    /** picocli's private {@code CommandSpec.updateArgSpecMessages()}, which its reflection calls last. */
    private static final java.util.function.Consumer<CommandSpec> UPDATE_MESSAGES;

    static {
        try {
            Method m = CommandSpec.class.getDeclaredMethod("updateArgSpecMessages");
            m.setAccessible(true);
            UPDATE_MESSAGES = s -> {
                try {
                    m.invoke(s);
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException(e);
                }
            };
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // Recording, at build time.

    /** Writes the recording of {@link Commands#ALL} (and what they use) to the file {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Files.writeString(Path.of(args[0]), record(roots()), StandardCharsets.UTF_8);
    }

    /** The classes whose commands the shell builds: each top-level command, the root, and picocli's help mixin. */
    static List<Class<?>> roots() {
        List<Class<?>> roots = new ArrayList<>(Commands.ALL);
        roots.add(Shell.Root.class);
        roots.add(load("picocli.CommandLine$AutoHelpMixin"));
        return roots;
    }

    /** The recording of {@code roots} and of every class they reach: superclasses, subcommands, mixins, groups. */
    static String record(List<Class<?>> roots) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (Class<?> type : List.of(Command.class, Option.class, Parameters.class, ArgGroup.class, Mixin.class, Spec.class)) {
            out.append("defaults @").append(type.getName()).append('\n');
            for (Method m : members(type)) {
                if (m.getDefaultValue() != null) {
                    appendMember(out, m.getName(), m.getDefaultValue());
                }
            }
        }
        Set<Class<?>> seen = new LinkedHashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            Class<?> c = todo.removeFirst();
            if (c == null || c == Object.class || !seen.add(c)) {
                continue;
            }
            todo.add(c.getSuperclass());
            out.append("class ").append(c.getName()).append('\n');
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
        }
        return out.toString();
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

    /** {@code @TYPE}, then a line per member whose value is not its default: its name and its words, a tab before each. */
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

    // Reading, at run time.

    private static Map<String, Recorded> read() {
        try (InputStream in = CommandModels.class.getResourceAsStream(RESOURCE)) {
            return in == null ? Map.of() : parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The classes of a recording, by name. */
    static Map<String, Recorded> parse(BufferedReader in) throws IOException {
        if (!HEADER.equals(in.readLine())) {
            return Map.of(); // another build's format: read the annotations instead
        }
        Map<String, Recorded> classes = new HashMap<>();
        Map<Class<?>, Map<String, List<String>>> defaults = new HashMap<>();
        Map<Class<?>, RecordedAnnotation> annotations = null;
        Map<String, List<String>> members = null;
        Recorded current = null;
        for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith("defaults @")) {
                members = new HashMap<>();
                defaults.put(load(line.substring(10)), members);
            } else if (line.startsWith("class ")) {
                current = new Recorded(new LinkedHashMap<>(), new LinkedHashMap<>());
                classes.put(line.substring(6), current);
                annotations = current.annotations();
            } else if (line.startsWith("field ")) {
                annotations = new LinkedHashMap<>();
                current.fields().put(line.substring(6), annotations);
            } else if (line.startsWith("@")) {
                @SuppressWarnings("unchecked")
                Class<? extends Annotation> type = (Class<? extends Annotation>) load(line.substring(1));
                members = new HashMap<>();
                annotations.put(type, new RecordedAnnotation(type, members, defaults.get(type)));
            } else {
                String[] words = line.split("\t", -1);
                List<String> values = new ArrayList<>(words.length - 1);
                for (int i = 1; i < words.length; i++) {
                    values.add(unescape(words[i]));
                }
                members.put(words[0], values);
            }
        }
        return classes;
    }
}
