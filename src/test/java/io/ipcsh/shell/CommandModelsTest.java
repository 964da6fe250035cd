package io.ipcsh.shell;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IAnnotatedElement;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The models {@link CommandModels} builds from the recorded annotations are picocli's own,
 * attribute by attribute, for every command; and the recording in the build is the one
 * the annotations make now.
 */
class CommandModelsTest {
    /** Makes objects as the shell's factory does: by their constructor, package-private or not. */
    private static final CommandLine.IFactory FACTORY = new CommandLine.IFactory() {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                var c = cls.getDeclaredConstructor();
                c.setAccessible(true);
                return c.newInstance();
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    };

    @Test
    void shouldRecordInTheBuildWhatTheAnnotationsSayNow() {
        Map<String, String> now = CommandRecording.record(CommandRecording.roots());
        assertEquals(now, CommandRecording.read(), "mvn's process-classes phase writes " + CommandRecording.CLASS);
        assertTrue(now.containsKey(KeyCommand.class.getName()) && now.containsKey(Mixins.Creation.Choice.class.getName()),
                "the commands, and the mixins and groups they use");
    }

    @Test
    void shouldBuildEveryCommandsModelAsPicocliBuildsItFromTheAnnotations() throws Exception {
        int commands = 0;
        for (Class<?> c : CommandRecording.roots()) {
            if (c.getName().startsWith("picocli.")) {
                continue;
            }
            CommandSpec fromAnnotations = new CommandLine(FACTORY.create(c), FACTORY).getCommandSpec();
            CommandSpec recorded = CommandModels.spec(FACTORY.create(c), FACTORY);
            assertNotNull(recorded, c + " was recorded");
            CommandSpec fromRecording = new CommandLine(recorded, FACTORY).getCommandSpec();
            List<String> expected = describe(fromAnnotations).lines().toList();
            List<String> actual = describe(fromRecording).lines().toList();
            for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
                assertEquals(expected.get(i), actual.get(i), c.getName() + ", line " + (i + 1));
            }
            assertEquals(expected.size(), actual.size(), c.getName() + ": lines");
            commands++;
        }
        assertEquals(Commands.ALL.size() + 1, commands);
    }

    @Test
    void shouldBindTheRecordedModelToTheCommandsOwnFieldsAsTheAnnotationsDo() throws Exception {
        // --new is in Creation's exclusive group, --mode in the mixin itself, /NAME a positional.
        AttachCommand recorded = FACTORY.create(AttachCommand.class);
        AttachCommand annotated = FACTORY.create(AttachCommand.class);
        CommandLine fromRecording = new CommandLine(CommandModels.spec(recorded, FACTORY), FACTORY);
        CommandLine fromAnnotations = new CommandLine(annotated, FACTORY);
        assertEquals(recorded.spec, fromRecording.getCommandSpec(), "@Spec gets the model");
        for (String[] args : List.of(new String[] {"/x", "--new", "--mode", "0640"}, new String[] {"/y"})) {
            fromRecording.parseArgs(args);
            fromAnnotations.parseArgs(args);
            assertEquals(annotated.creation.mode, recorded.creation.mode, String.join(" ", args));
            assertEquals(annotated.creation.creating(), recorded.creation.creating(), String.join(" ", args));
        }
        assertEquals(0600, recorded.creation.mode, "an option not given is back at its default");
    }

    @Test
    void shouldReadTheAnnotationsOfAClassNotRecorded() {
        assertNull(CommandRecording.recorded(Main.Invocation.class));
        assertNull(CommandModels.spec(new Main.Invocation(), FACTORY));
        assertEquals("ipcsh", CommandRecording.command(Main.Invocation.class).name());
        assertEquals("key", CommandRecording.command(KeyCommand.class).name());
        assertTrue(CommandRecording.command(KeyCommand.class) instanceof RecordedAnnotation);
    }

    @Test
    void shouldReadBackEscapedWords() {
        String words = "@" + CommandLine.Command.class.getName()
                + "\ndescription\ttab\\there\tnew\\nline\tback\\\\slash\t\naliases\n";
        CommandLine.Command cmd = CommandRecording.parse(words, Map.of()).annotation(CommandLine.Command.class);
        assertEquals(List.of("tab\there", "new\nline", "back\\slash", ""), List.of(cmd.description()));
        assertEquals(0, cmd.aliases().length);
        CommandLine.Command defaults = CommandRecording.parse(words).annotation(CommandLine.Command.class);
        assertEquals("<main class>", defaults.name(), "a member not recorded is at its default");
    }

    /** Everything picocli's model says of a command, in words, its subcommands' too. */
    private static String describe(CommandSpec spec) {
        StringBuilder out = new StringBuilder();
        out.append("command ").append(spec.qualifiedName()).append(" aliases ").append(Arrays.toString(spec.aliases()))
                .append(" help ").append(spec.mixinStandardHelpOptions()).append(" mixins ").append(spec.mixins().keySet())
                .append('\n').append(new CommandLine(spec).getUsageMessage(CommandLine.Help.Ansi.OFF));
        for (Map.Entry<String, CommandSpec> m : spec.mixins().entrySet()) {
            out.append("mixin ").append(m.getKey()).append(' ').append(m.getValue().userObject().getClass().getName()).append('\n');
        }
        for (IAnnotatedElement e : spec.specElements()) {
            out.append("spec element ").append(e.getToString()).append('\n');
        }
        for (ArgSpec a : spec.args()) {
            out.append(attributes(a)).append('\n');
        }
        for (ArgGroupSpec g : spec.argGroups()) {
            out.append(group(g)).append('\n');
        }
        for (CommandLine sub : spec.subcommands().values()) {
            out.append(describe(sub.getCommandSpec()));
        }
        return out.toString();
    }

    private static String group(ArgGroupSpec g) {
        StringBuilder out = new StringBuilder("group " + attributes(g) + " {");
        for (ArgSpec a : g.args()) {
            out.append(a.toString()).append(", ");
        }
        for (ArgGroupSpec sub : g.subgroups()) {
            out.append(group(sub)).append(", ");
        }
        return out.append('}').toString();
    }

    /** Each public no-argument method of {@code o}'s model class and what it returns, in words. */
    private static String attributes(Object o) {
        Map<String, String> values = new TreeMap<>();
        List<Method> methods = new ArrayList<>(List.of(o.getClass().getMethods()));
        methods.sort(Comparator.comparing(Method::getName));
        for (Method m : methods) {
            if (m.getParameterCount() != 0 || m.getReturnType() == void.class || Modifier.isStatic(m.getModifiers())
                    || m.getDeclaringClass() == Object.class || IGNORED.contains(m.getName())) {
                continue;
            }
            try {
                values.put(m.getName(), words(m.invoke(o)));
            } catch (ReflectiveOperationException e) {
                values.put(m.getName(), "throws " + e.getCause());
            }
        }
        return values.toString();
    }

    /** Methods that return the model's own objects (compared on their own), or that act rather than tell. */
    private static final List<String> IGNORED = List.of("command", "getter", "setter", "scope", "group", "parentGroup",
            "messages", "subgroups", "args", "options", "positionalParameters", "argGroup", "builder", "hashCode",
            "requiredArgs", "specElements", "toBuilder");

    private static String words(Object v) {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof Enum<?>
                || v instanceof Character || v instanceof CommandLine.Range || v instanceof Field
                || v instanceof CommandLine.Model.ITypeInfo) {
            return String.valueOf(v);
        }
        if (v instanceof Class<?> c) {
            return c.getName();
        }
        if (v instanceof Object[] a) {
            return Arrays.stream(a).map(CommandModelsTest::words).toList().toString();
        }
        if (v instanceof Iterable<?> it) {
            List<String> out = new ArrayList<>();
            it.forEach(x -> out.add(words(x)));
            return out.toString();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, String> out = new TreeMap<>();
            m.forEach((k, x) -> out.put(words(k), words(x)));
            return out.toString();
        }
        return v.getClass().getName(); // a converter, a candidates list, a consumer: which one, not where
    }
}
