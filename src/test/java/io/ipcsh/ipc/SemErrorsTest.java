package io.ipcsh.ipc;

import io.ipcsh.posix.Errno;
import io.ipcsh.testkit.IpcCleanup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The semaphore-set error table row by row, for the errnos a test can't easily make the
 * kernel return (EFBIG is refused in Java first; ENOSPC needs SEMMNI sets): each errno
 * gives the sysv_ipc class and a message naming the set.
 */
class SemErrorsTest {
    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    @Test
    void shouldMapEveryErrnoOfTheTable() {
        SemaphoreSet set = ipc.track(SemaphoreSet.createNew(IpcKey.PRIVATE, 2, 0600));
        int id = set.semid();
        List<SemaphoreSet.Op> ops = List.of(new SemaphoreSet.Op(1, -1));
        IpcKey key = IpcKey.of(0x7ffe0001);

        assertInstanceOf(IpcException.NotFoundException.class, SemErrors.semget(key, 1, Segment.Creation.OPEN, Errno.ENOENT.value));
        assertInstanceOf(IpcException.AlreadyExistsException.class,
                SemErrors.semget(key, 1, Segment.Creation.CREATE_NEW, Errno.EEXIST.value));
        assertInstanceOf(IpcException.PermissionDeniedException.class,
                SemErrors.semget(key, 1, Segment.Creation.OPEN, Errno.EACCES.value));
        assertEquals("cannot create a semaphore set of nsems=4: a system limit is reached [semget: ENOSPC]"
                + " (see /proc/sys/kernel/sem (SEMMNI sets, SEMMNS members), or destroy unused sets)",
                SemErrors.semget(key, 4, Segment.Creation.CREATE, Errno.ENOSPC.value).getMessage());

        IpcException removed = SemErrors.semop("semop", set, ops, Errno.EIDRM.value);
        assertInstanceOf(IpcException.RemovedException.class, removed);
        assertEquals("semaphore set semid=" + id + " was removed [semop: EIDRM]", removed.getMessage());
        assertInstanceOf(IpcException.InvalidArgumentException.class, SemErrors.semop("semop", set, ops, Errno.EINVAL.value));
        assertInstanceOf(IpcException.InvalidArgumentException.class, SemErrors.semop("semop", set, ops, Errno.ERANGE.value));
        assertEquals("member out of range in semop 1:-1: semid=" + id + " has nsems=2 [semop: EFBIG]",
                SemErrors.semop("semop", set, ops, Errno.EFBIG.value).getMessage());
        assertEquals(Errno.E2BIG.value, SemErrors.semop("semop", set, ops, Errno.E2BIG.value).errno());
        assertInstanceOf(IpcException.PermissionDeniedException.class, SemErrors.semop("semop", set, ops, Errno.EACCES.value));
        assertInstanceOf(IpcException.WouldBlockException.class, SemErrors.semop("semop", set, ops, Errno.EAGAIN.value));
        assertInstanceOf(IpcException.InterruptedIpcException.class, SemErrors.semop("semop", set, ops, Errno.EINTR.value));

        assertEquals("only the owner or creator may destroy semaphore set semid=" + id + " [semctl: EPERM] (ask its owner, or root)",
                SemErrors.destroy(id, Errno.EPERM.value).getMessage());
        assertInstanceOf(IpcException.InvalidArgumentException.class, SemErrors.semctl("SETVAL", set, Errno.ERANGE.value));
        assertInstanceOf(IpcException.PermissionDeniedException.class, SemErrors.stat(id, Errno.EACCES.value));
    }
}
