/**
 * The command language's conventions, shared by {@code shell}, {@code demo} and
 * {@code bench}: how numbers, sizes and durations are written ({@link io.ipcsh.cli.Numbers}),
 * one JSON line ({@link io.ipcsh.cli.Json}) and the exit statuses ({@link io.ipcsh.cli.ExitStatus}).
 *
 * <p>Why a package of its own at the bottom, and not {@code ipc}: {@code ipc} is the
 * JShell-facing API of kernel objects, and these are rules of text that the three upper
 * layers read and print; putting them in {@code ipc} would widen that API with parsing it
 * does not use. The package has no FFM and no dependencies, so every layer may use it
 * without bending the arrows (it imports nothing from ipcsh).
 */
package io.ipcsh.cli;
