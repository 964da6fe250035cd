package io.ipcsh.shell;

import java.util.List;

/**
 * A converter whose values are free-form but have typical ones (sizes, modes): tab
 * completion offers those wherever an option or parameter uses the converter.
 */
interface Suggestions {
    /** Typical values, in the order to offer them. */
    List<String> suggestions();
}
