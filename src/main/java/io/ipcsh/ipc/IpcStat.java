package io.ipcsh.ipc;

import java.util.List;
import java.util.Map;

/**
 * What the kernel knows of one object, as the shell's {@code stat} prints it: the same
 * lines for the text form and its {@code toString()}, and the same facts as an ordered
 * map for {@code --json}. Each kind's stat record implements it, so {@code stat} needs
 * no kind checks.
 */
public interface IpcStat {
    /** The lines {@code stat} prints, in order. */
    List<String> lines();

    /** The fields {@code stat --json} prints, in order; values are String, Number, Boolean, Instant or null. */
    Map<String, Object> fields();
}
