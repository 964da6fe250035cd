package io.ipcsh.shell;

import io.ipcsh.ipc.IpcException;

/**
 * The shell's words for the remedies the library names in API terms: the library says
 * "create it first: Segment.create(key, size)", the shell says which command and option
 * does it. One place, so that the library never speaks of shell options.
 */
final class ShellHints {
    private ShellHints() {
    }

    /** {@code e}'s message, with its advice (if any) in terms of this shell's commands. */
    static String message(IpcException e) {
        IpcException.Advice advice = e.advice();
        if (advice == null) {
            return e.getMessage();
        }
        return e.reason() + " (" + switch (advice) {
            case RELEASE_OR_FORCE_INIT, RELEASE_OR_FORCE_DESTROY -> force(advice, e.reason().contains(": 1 waiter is "));
            default -> hint(advice);
        } + ")";
    }

    /** The waiter count is in the reason; the hint says "it" or "them" to match. */
    private static String force(IpcException.Advice advice, boolean one) {
        return "post to release " + (one ? "it" : "them") + " first; if " + (one ? "it was" : "they were") + " killed, sem "
                + (advice == IpcException.Advice.RELEASE_OR_FORCE_INIT ? "init" : "destroy") + " --force";
    }

    static String hint(IpcException.Advice advice) {
        return switch (advice) {
            case CREATE_FIRST -> "attach --create --size N makes one";
            case OPEN_OR_DESTROY -> "attach it without --new, or destroy it first";
            case ASK_OWNER_OR_READ_ONLY -> "ask its owner, or attach --readonly if it is readable";
            case READ_ONLY_OR_ASK_OWNER -> "try --readonly, or ask its owner for access";
            case TAKE_EXISTING_SIZE -> "omit --size to take it as it is";
            case LIST -> "see list";
            case MAYBE_REMOVED -> "it may have been removed; see list";
            case MAYBE_REMOVED_ALREADY -> "it may be removed already; see list";
            case LIST_WITHOUT_READ -> "list shows it without read permission";
            case BY_ID -> "use --id SHMID";
            case ATTACH_READ_WRITE -> "attach without --readonly to write";
            case FILE_MUST_EXIST -> "the file must exist: create it, or add --create-file";
            case INIT_SEMAPHORE_FIRST -> "sem init it first";
            case RELEASE_OR_FORCE_INIT -> force(advice, false);
            case RELEASE_OR_FORCE_DESTROY -> force(advice, false);
            case SHM_CREATE_FIRST -> "attach it with --create --size N to make one";
            case SEM_CREATE_FIRST -> "sem open it with --create to make one";
            case NAME_OPEN_OR_DESTROY -> "open it without --new, or destroy it first";
            case LIST_POSIX -> "see list --posix";
            case SET_CREATE_FIRST -> "semset --create --count N makes one";
            case SET_OPEN_OR_DESTROY -> "semset it without --new, or destroy it first";
            case SET_BY_ID -> "use semset --id SEMID";
            case SET_LIST -> "see list --semaphores";
        };
    }
}
