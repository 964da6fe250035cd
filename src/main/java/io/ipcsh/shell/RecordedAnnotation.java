package io.ipcsh.shell;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;

/**
 * One of picocli's annotations on a command, as {@link CommandRecording} recorded it at
 * build time: every member's value, in words. picocli reads it as it reads the real
 * annotation (through {@link CommandLine.Model.IAnnotatedElement}), but it is no JDK
 * proxy: the JDK generates a proxy class for each annotation type at its first use, and
 * that was the largest part of a one-shot {@code ipcsh -c 'key private'}.
 *
 * <p>One class stands for all six types, as their members' names never clash with
 * different types; {@link #annotationType()} says which one this is. A member's text is
 * converted at each call: picocli reads each one once per model.
 */
@SuppressWarnings({"ClassExplicitlyAnnotation", "unchecked"})
final class RecordedAnnotation implements Command, Option, Parameters, ArgGroup, Mixin, Spec {
    private final Class<? extends Annotation> type;
    /** Member name to its words (one for a single value, any number for an array): those not at their default. */
    private final Map<String, List<String>> members;
    /** The type's defaults, recorded once for all its instances. */
    private final Map<String, List<String>> defaults;

    RecordedAnnotation(Class<? extends Annotation> type, Map<String, List<String>> members, Map<String, List<String>> defaults) {
        this.type = type;
        this.members = members;
        this.defaults = defaults;
    }

    /** The members recorded for this one (not those at their default). */
    Map<String, List<String>> members() {
        return members;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return type;
    }

    private List<String> words(String member) {
        List<String> w = members.get(member);
        if (w == null && defaults != null) {
            w = defaults.get(member);
        }
        if (w == null) {
            throw new IllegalStateException("@" + type.getSimpleName() + "." + member + " was not recorded: mvn package records it");
        }
        return w;
    }

    private String text(String member) {
        return words(member).getFirst();
    }

    private String[] texts(String member) {
        return words(member).toArray(String[]::new);
    }

    private boolean flag(String member) {
        return Boolean.parseBoolean(text(member));
    }

    private int number(String member) {
        return Integer.parseInt(text(member));
    }

    private <T> Class<? extends T> type(String member) {
        return (Class<? extends T>) CommandRecording.load(text(member));
    }

    private <T> Class<? extends T>[] types(String member) {
        List<String> w = words(member);
        Class<?>[] out = new Class<?>[w.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = CommandRecording.load(w.get(i));
        }
        return (Class<? extends T>[]) out;
    }

    // Members of more than one type.

    @Override public String[] description() { return texts("description"); }
    @Override public boolean hidden() { return flag("hidden"); }
    @Override public ScopeType scope() { return ScopeType.valueOf(text("scope")); }
    @Override public Class<? extends CommandLine.IParameterPreprocessor> preprocessor() { return type("preprocessor"); }
    @Override public String name() { return text("name"); }
    @Override public int order() { return number("order"); }

    // @Option and @Parameters.

    @Override public String arity() { return text("arity"); }
    @Override public String paramLabel() { return text("paramLabel"); }
    @Override public boolean hideParamSyntax() { return flag("hideParamSyntax"); }
    @Override public Class<?>[] type() { return types("type"); }
    @Override public Class<? extends CommandLine.ITypeConverter<?>>[] converter() { return types("converter"); }
    @Override public String split() { return text("split"); }
    @Override public String splitSynopsisLabel() { return text("splitSynopsisLabel"); }
    @Override public String defaultValue() { return text("defaultValue"); }
    @Override public Visibility showDefaultValue() { return Visibility.valueOf(text("showDefaultValue")); }
    @Override public Class<? extends Iterable<String>> completionCandidates() { return type("completionCandidates"); }
    @Override public boolean interactive() { return flag("interactive"); }
    @Override public boolean echo() { return flag("echo"); }
    @Override public String prompt() { return text("prompt"); }
    @Override public String descriptionKey() { return text("descriptionKey"); }
    @Override public Class<? extends CommandLine.IParameterConsumer> parameterConsumer() { return type("parameterConsumer"); }
    @Override public String mapFallbackValue() { return text("mapFallbackValue"); }

    // @Option.

    @Override public String[] names() { return texts("names"); }
    @Override public boolean required() { return flag("required"); }
    @Override public boolean help() { return flag("help"); }
    @Override public boolean usageHelp() { return flag("usageHelp"); }
    @Override public boolean versionHelp() { return flag("versionHelp"); }
    @Override public boolean negatable() { return flag("negatable"); }
    @Override public String fallbackValue() { return text("fallbackValue"); }

    // @Parameters.

    @Override public String index() { return text("index"); }

    // @ArgGroup.

    @Override public String heading() { return text("heading"); }
    @Override public String headingKey() { return text("headingKey"); }
    @Override public boolean exclusive() { return flag("exclusive"); }
    @Override public String multiplicity() { return text("multiplicity"); }
    @Override public boolean validate() { return flag("validate"); }

    // @Spec.

    @Override public Spec.Target value() { return Spec.Target.valueOf(text("value")); }

    // @Command.

    @Override public String[] aliases() { return texts("aliases"); }
    @Override public Class<?>[] subcommands() { return types("subcommands"); }
    @Override public boolean subcommandsRepeatable() { return flag("subcommandsRepeatable"); }
    @Override public boolean addMethodSubcommands() { return flag("addMethodSubcommands"); }
    @Override public String separator() { return text("separator"); }
    @Override public String[] version() { return texts("version"); }
    @Override public Class<? extends CommandLine.IVersionProvider> versionProvider() { return type("versionProvider"); }
    @Override public boolean mixinStandardHelpOptions() { return flag("mixinStandardHelpOptions"); }
    @Override public boolean helpCommand() { return flag("helpCommand"); }
    @Override public String headerHeading() { return text("headerHeading"); }
    @Override public String[] header() { return texts("header"); }
    @Override public String synopsisHeading() { return text("synopsisHeading"); }
    @Override public boolean abbreviateSynopsis() { return flag("abbreviateSynopsis"); }
    @Override public String[] customSynopsis() { return texts("customSynopsis"); }
    @Override public String synopsisSubcommandLabel() { return text("synopsisSubcommandLabel"); }
    @Override public String descriptionHeading() { return text("descriptionHeading"); }
    @Override public String parameterListHeading() { return text("parameterListHeading"); }
    @Override public String optionListHeading() { return text("optionListHeading"); }
    @Override public boolean sortOptions() { return flag("sortOptions"); }
    @Override public boolean sortSynopsis() { return flag("sortSynopsis"); }
    @Override public char requiredOptionMarker() { return text("requiredOptionMarker").charAt(0); }
    @Override public Class<? extends CommandLine.IDefaultValueProvider> defaultValueProvider() { return type("defaultValueProvider"); }
    @Override public boolean showDefaultValues() { return flag("showDefaultValues"); }
    @Override public boolean showAtFileInUsageHelp() { return flag("showAtFileInUsageHelp"); }
    @Override public boolean showEndOfOptionsDelimiterInUsageHelp() { return flag("showEndOfOptionsDelimiterInUsageHelp"); }
    @Override public String commandListHeading() { return text("commandListHeading"); }
    @Override public String footerHeading() { return text("footerHeading"); }
    @Override public String[] footer() { return texts("footer"); }
    @Override public String resourceBundle() { return text("resourceBundle"); }
    @Override public int usageHelpWidth() { return number("usageHelpWidth"); }
    @Override public boolean usageHelpAutoWidth() { return flag("usageHelpAutoWidth"); }
    @Override public int exitCodeOnSuccess() { return number("exitCodeOnSuccess"); }
    @Override public int exitCodeOnUsageHelp() { return number("exitCodeOnUsageHelp"); }
    @Override public int exitCodeOnVersionHelp() { return number("exitCodeOnVersionHelp"); }
    @Override public int exitCodeOnInvalidInput() { return number("exitCodeOnInvalidInput"); }
    @Override public int exitCodeOnExecutionException() { return number("exitCodeOnExecutionException"); }
    @Override public String exitCodeListHeading() { return text("exitCodeListHeading"); }
    @Override public String[] exitCodeList() { return texts("exitCodeList"); }
    @Override public Class<? extends CommandLine.IModelTransformer> modelTransformer() { return type("modelTransformer"); }

    @Override
    public String toString() {
        return "@" + type.getName() + members;
    }
}
