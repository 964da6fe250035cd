package io.ipcsh.shell;

import picocli.CommandLine;
import picocli.CommandLine.Model.IAnnotatedElement;
import picocli.CommandLine.Model.IExtensible;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.IScope;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.ITypeInfo;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Range;

import java.lang.annotation.Annotation;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Map;

/**
 * A command's field with its {@link RecordedAnnotation}s, as picocli's builders read an
 * annotated field: what picocli's own {@code TypedMember} is for a field, and bound the same
 * way, through picocli's {@code FieldBinding}, {@code ObjectScope} and {@code RuntimeTypeInfo}.
 * Those are package-private in picocli 4.7, so they are reached once by reflection;
 * {@code CommandModelsTest} checks the models against picocli's.
 */
final class RecordedField implements IAnnotatedElement, IExtensible {
    private static final Constructor<?> BINDING;
    private static final Constructor<?> OBJECT_SCOPE;
    private static final Method TYPE_INFO;
    /** picocli's {@code InitialValueState.POSTPONED}: a field's initial value is read when first asked for. */
    private static final Object POSTPONED;

    // Plain reflection, not method handles: a one-shot start would spin classes for those.
    static {
        try {
            BINDING = accessible(CommandRecording.load("picocli.CommandLine$Model$FieldBinding")
                    .getDeclaredConstructor(IScope.class, Field.class));
            OBJECT_SCOPE = accessible(CommandRecording.load("picocli.CommandLine$Model$ObjectScope")
                    .getDeclaredConstructor(Object.class));
            TYPE_INFO = accessible(CommandRecording.load("picocli.CommandLine$Model$RuntimeTypeInfo").getDeclaredMethod("create",
                    Class.class, Class[].class, Type.class, Range.class, Class.class, boolean.class));
            POSTPONED = postponed(CommandRecording.load("picocli.CommandLine$Model$InitialValueState"));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static <T extends AccessibleObject> T accessible(T member) {
        member.setAccessible(true);
        return member;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object postponed(Class<?> state) {
        return Enum.valueOf((Class) state, "POSTPONED");
    }

    private final Field field;
    private final Map<Class<?>, RecordedAnnotation> annotations;
    private final IScope scope;
    private final Object binding;
    private final ITypeInfo typeInfo;

    /** {@code field} of the object {@code scope} holds (or will: a group's object is made when it is matched). */
    RecordedField(Field field, Map<Class<?>, RecordedAnnotation> annotations, IScope scope) {
        field.setAccessible(true);
        this.field = field;
        this.annotations = annotations;
        this.scope = scope;
        try {
            this.binding = BINDING.newInstance(scope, field);
            this.typeInfo = (ITypeInfo) TYPE_INFO.invoke(null, field.getType(), annotationTypes(), field.getGenericType(),
                    arity(), isOption() ? boolean.class : String.class, isInteractive());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(field.toString(), e);
        }
    }

    /** picocli's scope for an object: what a group's fields share. */
    static IScope scopeOf(Object instance) {
        try {
            return (IScope) OBJECT_SCOPE.newInstance(instance);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private Class<?>[] annotationTypes() {
        return isOption() ? getAnnotation(Option.class).type()
                : isParameter() ? getAnnotation(Parameters.class).type() : new Class<?>[0];
    }

    /** As picocli's: the annotation's arity, else 0 for a boolean option and 1 for anything else, marked unspecified. */
    private Range arity() {
        String a = isOption() ? getAnnotation(Option.class).arity()
                : isParameter() ? getAnnotation(Parameters.class).arity() : null;
        Range r = a == null ? null : Range.valueOf(a);
        if (r == null || r.isUnspecified()) {
            Class<?> t = field.getType();
            r = Range.valueOf(isOption() && (t == boolean.class || t == Boolean.class) ? "0" : "1").unspecified(true);
        }
        return r;
    }

    @Override
    public Object userObject() {
        return field;
    }

    @Override
    public boolean isAnnotationPresent(Class<? extends Annotation> type) {
        return annotations.containsKey(type);
    }

    @Override
    public <T extends Annotation> T getAnnotation(Class<T> type) {
        return type.cast(annotations.get(type));
    }

    @Override
    public String getName() {
        return field.getName();
    }

    @Override
    public String getMixinName() {
        String name = isMixin() ? getAnnotation(Mixin.class).name() : "";
        return name.isEmpty() ? getName() : name;
    }

    @Override
    public boolean isArgSpec() {
        return isOption() || isParameter();
    }

    @Override
    public boolean isOption() {
        return isAnnotationPresent(Option.class);
    }

    @Override
    public boolean isParameter() {
        return isAnnotationPresent(Parameters.class);
    }

    @Override
    public boolean isArgGroup() {
        return isAnnotationPresent(CommandLine.ArgGroup.class);
    }

    @Override
    public boolean isMixin() {
        return isAnnotationPresent(Mixin.class);
    }

    @Override
    public boolean isUnmatched() {
        return isAnnotationPresent(CommandLine.Unmatched.class);
    }

    @Override
    public boolean isSpec() {
        return isAnnotationPresent(CommandLine.Spec.class);
    }

    @Override
    public boolean isParentCommand() {
        return isAnnotationPresent(CommandLine.ParentCommand.class);
    }

    @Override
    public boolean isMultiValue() {
        Class<?> t = field.getType();
        return (t.isArray() && t != char[].class) || Collection.class.isAssignableFrom(t) || Map.class.isAssignableFrom(t);
    }

    @Override
    public boolean isInteractive() {
        return (isOption() && getAnnotation(Option.class).interactive())
                || (isParameter() && getAnnotation(Parameters.class).interactive());
    }

    @Override
    public boolean hasInitialValue() {
        return true; // POSTPONED, as for picocli's fields
    }

    @Override
    public boolean isMethodParameter() {
        return false;
    }

    @Override
    public int getMethodParamPosition() {
        return -1;
    }

    @Override
    public IScope scope() {
        return scope;
    }

    @Override
    public IGetter getter() {
        return (IGetter) binding;
    }

    @Override
    public ISetter setter() {
        return (ISetter) binding;
    }

    @Override
    public ITypeInfo getTypeInfo() {
        return typeInfo;
    }

    /** As picocli's: {@code field int io.ipcsh.shell.X.mode}, {@code mixin from member ...} for a mixin. */
    @Override
    public String getToString() {
        String s = abbreviate(field.toGenericString());
        return isMixin() ? abbreviate("mixin from member " + field.toGenericString()) : "field " + s;
    }

    private static String abbreviate(String s) {
        return s.replace("private ", "").replace("protected ", "").replace("public ", "").replace("java.lang.", "");
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getExtension(Class<T> type) {
        return type.isInstance(POSTPONED) ? (T) POSTPONED : null;
    }

    @Override
    public String toString() {
        return field.toString();
    }
}
