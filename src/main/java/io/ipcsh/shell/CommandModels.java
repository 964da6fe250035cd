package io.ipcsh.shell;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IAnnotatedElement;
import picocli.CommandLine.Model.IScope;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Spec;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * picocli's models of the shell's commands, built from their annotations as recorded at
 * build time ({@link CommandRecording}) instead of from the annotations themselves: the
 * JDK makes every annotation type's first instance by generating a proxy class, which
 * the AOT cache can't hold, and that was the largest part of a one-shot
 * {@code ipcsh -c 'key private'}. The annotations stay the one definition of the
 * commands, and picocli's own builders read the recorded ones; this class walks the
 * fields as picocli's {@code CommandReflection} does. {@code CommandModelsTest} checks
 * that every command's model equals the one picocli builds from the annotations.
 *
 * <p>A class the recording does not hold (the recording is missing when a class was
 * compiled by an IDE, not Maven) is read from its annotations, as before.
 */
final class CommandModels {
    private CommandModels() {
    }

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
            Command cmd = CommandRecording.recorded(c).annotation(Command.class);
            if (cmd != null) {
                spec.updateCommandAttributes(cmd, factory);
                standardHelp |= cmd.mixinStandardHelpOptions();
                for (Class<?> sub : cmd.subcommands()) {
                    CommandSpec subSpec = spec(construct(factory, sub), factory);
                    if (subSpec == null) {
                        return null;
                    }
                    spec.addSubcommand(CommandRecording.command(sub).name(), new CommandLine(subSpec, factory));
                }
            }
            addMembers(c, scope, spec, null, factory);
        }
        if (standardHelp) {
            // picocli adds them last, from its AutoHelpMixin's annotations: from their recording here.
            CommandSpec help = spec(construct(factory, CommandRecording.load(AUTO_HELP)), factory);
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
            if (CommandRecording.recorded(c) == null) {
                return null;
            }
            out.addFirst(c);
        }
        return out;
    }

    /** picocli's {@code initFromAnnotatedTypedMembers}, for each recorded field of {@code c}. */
    private static void addMembers(Class<?> c, IScope scope, CommandSpec spec, ArgGroupSpec.Builder group, IFactory factory) {
        for (Map.Entry<String, Map<Class<?>, RecordedAnnotation>> f : CommandRecording.recorded(c).fields().entrySet()) {
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
}
