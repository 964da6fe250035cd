package io.ipcsh.shell;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a command whose arguments are data, not options: a word such as {@code -inf},
 * {@code -1} or {@code --hello} is a value there ({@code write 0 f64 -inf},
 * {@code echo --hello}), so the shell hands unknown dashed words to its parameters.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface DataArguments {
}
