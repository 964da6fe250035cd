package io.ipcsh.shell;

/**
 * On a command whose arguments are data, not options: a word such as {@code -inf},
 * {@code -1} or {@code --hello} is a value there ({@code write 0 f64 -inf},
 * {@code echo --hello}), so the shell hands unknown dashed words to its parameters.
 * A marker interface, as {@link NeverBlocks} is, not an annotation: reading a class's
 * annotations makes the JDK generate a proxy class for each of their types.
 */
interface DataArguments {
}
