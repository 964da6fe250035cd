package io.ipcsh.shell;

/**
 * A mistake the user can fix, found by the shell itself (no such handle, no key yet):
 * reported as one {@code error:} line, never with a stack trace.
 */
public final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }
}
