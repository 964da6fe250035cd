package io.ipcsh.shell;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds a script line without picocli's parser when picocli has just parsed a line of
 * the same shape: the same command, the same number of words, none of them an option
 * (no word starts with {@code -}). Most of a small command's time went to
 * {@code parseArgs} (reflection-driven matching, an exception per
 * "does this resemble a number" check, message interpolation); a script of
 * {@code write 0 i32 N} lines parses the same shape 10,000 times.
 *
 * <p>picocli stays the definition: the shape is learned from picocli's own result of a
 * successful parse (which word went to which positional, what every other option and
 * positional was left holding, defaults included), values go through the command's own
 * picocli converters, and anything else (an option, a type without a converter of ours, a
 * split or grouped positional, a conversion that fails) is left to picocli, which then
 * gives its usual result or error line.
 */
final class ParsedShapes {
    /**
     * What picocli did with one shape: the positional each word went to, and every other
     * value. {@code multi[k]} is the index of word k's list among {@code lists} (a
     * positional taking several words), or -1.
     */
    private record Binding(PositionalParamSpec[] slots, int[] multi, PositionalParamSpec[] lists,
                           ArgSpec[] fixed, Object[] fixedValues, Stores stores) {
    }

    /**
     * How a binding sets its slots, lists and fixed arguments, made at its first use: a
     * one-shot {@code ipcsh -c} learns the shape of its one line and never uses it, and
     * making method handles spins classes the start would pay for.
     */
    private static final class Stores {
        Store[] slots;
        Store[] lists;
        Store[] fixed;

        Stores ready(Binding b) {
            if (slots == null) {
                lists = stores(b.lists);
                fixed = stores(b.fixed);
                slots = stores(b.slots);
            }
            return this;
        }
    }

    /**
     * Sets one picocli argument's value. Where picocli's own setter is a plain field
     * binding, this writes the field through a method handle: picocli's reads the old
     * value and writes the new one by reflection, two reflective calls for each of a
     * line's arguments and for each option left at its default (a seventh of a script
     * line). Anything else (a setter method, a custom binding) goes through picocli.
     */
    @FunctionalInterface
    private interface Store {
        void set(Object value) throws Throwable;

        static Store of(ArgSpec a) {
            if (a.userObject() instanceof Field f && a.setter() instanceof CommandLine.Model.IScoped
                    && a.setter().getClass().getName().equals("picocli.CommandLine$Model$FieldBinding")
                    && a.scope() != null && !Modifier.isStatic(f.getModifiers()) && !Modifier.isFinal(f.getModifiers())) {
                try {
                    Object target = a.scope().get();
                    if (f.getDeclaringClass().isInstance(target)) {
                        f.setAccessible(true); // as picocli did
                        MethodHandle setter = MethodHandles.lookup().unreflectSetter(f)
                                .asType(MethodType.methodType(void.class, Object.class, Object.class));
                        CommandLine.Model.IScope scope = a.scope();
                        return value -> {
                            setter.invokeExact((Object) scope.get(), value);
                        };
                    }
                } catch (Exception | LinkageError e) {
                    // picocli's setter then
                }
            }
            return a::setValue;
        }
    }

    private static Store[] stores(ArgSpec[] args) {
        Store[] s = new Store[args.length];
        for (int i = 0; i < args.length; i++) {
            s[i] = Store.of(args[i]);
        }
        return s;
    }

    /** One command's learned shapes, by word count, and the word count picocli parsed last (-1: none usable). */
    private static final class Learned {
        Binding[] byWords = new Binding[0];
        int lastParsed = -1;
    }

    /** Looked up once per line, so by identity and without a key object. */
    private final Map<CommandLine, Learned> learned = new IdentityHashMap<>();

    /**
     * Binds {@code words} (the command's own arguments, after its name, subcommand names
     * and {@code @HANDLE}) to {@code cmd}'s fields as picocli would; false when picocli must
     * parse it (nothing has been changed then).
     */
    boolean bind(CommandLine cmd, List<String> words) {
        Learned l = learned.get(cmd);
        int n = words.size();
        if (l == null || l.lastParsed != n || n >= l.byWords.length || l.byWords[n] == null || !plain(words)) {
            return false;
        }
        Binding b = l.byWords[n];
        Object[] values = new Object[n];
        try {
            for (int k = 0; k < n; k++) {
                values[k] = convert(b.slots[k], words.get(k));
            }
        } catch (Exception e) {
            return false; // picocli parses it again and words the error its way
        }
        Stores stores = b.stores.ready(b);
        try {
            for (int i = 0; i < b.fixed.length; i++) {
                stores.fixed[i].set(b.fixedValues[i]);
            }
            List<List<Object>> lists = new ArrayList<>(b.lists.length);
            for (int i = 0; i < b.lists.length; i++) {
                lists.add(new ArrayList<>());
            }
            for (int k = 0; k < n; k++) {
                if (b.multi[k] >= 0) {
                    lists.get(b.multi[k]).add(values[k]);
                } else {
                    stores.slots[k].set(values[k]);
                }
            }
            for (int i = 0; i < b.lists.length; i++) {
                stores.lists[i].set(lists.get(i));
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cannot bind " + words + " as picocli did", t);
        }
        return true;
    }

    /**
     * Learns from a parse picocli just finished successfully on {@code cmd} with the
     * command's own {@code words}; a shape it can't reproduce is not learned.
     */
    void parsed(CommandLine cmd, List<String> words) {
        Learned l = learned.computeIfAbsent(cmd, c -> new Learned());
        if (!plain(words)) {
            l.lastParsed = -1;
            return;
        }
        int n = words.size();
        l.lastParsed = n;
        if (n < l.byWords.length && l.byWords[n] != null) {
            return;
        }
        Binding b = learn(cmd, words);
        if (b != null) {
            if (n >= l.byWords.length) {
                l.byWords = java.util.Arrays.copyOf(l.byWords, n + 1);
            }
            l.byWords[n] = b;
        }
    }

    /** picocli parsed a shape it left no usable result for (an error, help): forget what it parsed last. */
    void failed(CommandLine cmd) {
        Learned l = learned.get(cmd);
        if (l != null) {
            l.lastParsed = -1;
        }
    }

    private static boolean plain(List<String> words) {
        for (String w : words) {
            if (w.startsWith("-") || w.startsWith("@")) {
                return false;
            }
        }
        return true;
    }

    private static Binding learn(CommandLine cmd, List<String> words) {
        List<PositionalParamSpec> positionals = cmd.getCommandSpec().positionalParameters();
        PositionalParamSpec[] slots = new PositionalParamSpec[words.size()];
        Map<PositionalParamSpec, List<String>> expected = new IdentityHashMap<>();
        for (int k = 0; k < words.size(); k++) {
            PositionalParamSpec at = null;
            for (PositionalParamSpec p : positionals) {
                if (p.index().contains(k)) {
                    if (at != null) {
                        return null; // two positionals share the index: picocli's rules, not ours
                    }
                    at = p;
                }
            }
            if (at == null || !bindable(at)) {
                return null;
            }
            slots[k] = at;
            expected.computeIfAbsent(at, x -> new ArrayList<>()).add(words.get(k));
        }
        for (PositionalParamSpec p : positionals) {
            List<String> mine = expected.getOrDefault(p, List.of());
            if (!p.originalStringValues().equals(mine)) {
                return null; // picocli bound the words otherwise than by index
            }
        }
        List<ArgSpec> fixed = new ArrayList<>();
        List<Object> fixedValues = new ArrayList<>();
        for (CommandLine c = cmd; c != null; c = c.getParent()) {
            for (ArgSpec a : c.getCommandSpec().args()) {
                // An option in an @ArgGroup lives in the group's object, which Shell sets to
                // null before each line and picocli leaves null when none of its options came.
                if (a.group() != null) {
                    continue;
                }
                if (!(a instanceof PositionalParamSpec p && expected.containsKey(p))) {
                    fixed.add(a);
                    fixedValues.add(a.getValue());
                }
            }
        }
        int[] multi = new int[slots.length];
        List<PositionalParamSpec> lists = new ArrayList<>();
        for (int k = 0; k < slots.length; k++) {
            multi[k] = -1;
            if (slots[k].isMultiValue()) {
                for (int i = 0; i < lists.size() && multi[k] < 0; i++) {
                    multi[k] = lists.get(i) == slots[k] ? i : -1;
                }
                if (multi[k] < 0) {
                    multi[k] = lists.size();
                    lists.add(slots[k]);
                }
            }
        }
        PositionalParamSpec[] listed = lists.toArray(PositionalParamSpec[]::new);
        return new Binding(slots, multi, listed, fixed.toArray(ArgSpec[]::new), fixedValues.toArray(), new Stores());
    }

    /** A positional whose value this class makes exactly as picocli does. */
    private static boolean bindable(PositionalParamSpec p) {
        if (p.group() != null || !p.splitRegex().isEmpty()) {
            return false;
        }
        boolean converted = p.converters() != null && p.converters().length == 1;
        if (!p.isMultiValue()) {
            return converted || p.type() == String.class;
        }
        Class<?>[] aux = p.auxiliaryTypes();
        return List.class.isAssignableFrom(p.type()) && aux.length == 1 && (converted || aux[0] == String.class);
    }

    private static Object convert(PositionalParamSpec p, String word) throws Exception {
        if (p.converters() != null && p.converters().length == 1) {
            return p.converters()[0].convert(word);
        }
        return word;
    }
}
