package io.ipcsh.ipc;

import io.ipcsh.posix.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The shm error table: each errno to its exception and a message that names the shmid, in API words. */
class ShmErrorsTest {
    @Test
    void shouldNotCallAnOutOfMemoryShmatAMissingSegment() {
        IpcException e = ShmErrors.shmat(7, false, Errno.ENOMEM.value);
        assertSame(IpcException.class, e.getClass());
        assertEquals("not enough address space or memory to attach shmid=7 [shmat: ENOMEM]"
                + " (detach segments this process no longer needs)", e.getMessage());
        assertEquals("ENOMEM", e.errnoName());
    }

    @Test
    void shouldReportAnUnexpectedShmatErrnoAsItIs() {
        IpcException e = ShmErrors.shmat(7, true, Errno.EMFILE.value);
        assertSame(IpcException.class, e.getClass());
        assertEquals("cannot attach shmid=7 [shmat: EMFILE]", e.getMessage());
        assertNull(e.advice());
    }

    @Test
    void shouldKeepTheAdviceApartFromTheReason() {
        IpcException e = ShmErrors.shmat(7, false, Errno.EINVAL.value);
        assertSame(IpcException.InvalidArgumentException.class, e.getClass());
        assertEquals("no segment with shmid=7: it was removed, or never existed [shmat: EINVAL]", e.reason());
        assertSame(IpcException.Advice.LIST, e.advice());
        assertEquals(e.reason() + " (" + IpcException.Advice.LIST.text() + ")", e.getMessage());
    }

    @Test
    void shouldMapTheRemovedCaseToRemovedException() {
        assertSame(IpcException.RemovedException.class, ShmErrors.shmat(7, false, Errno.EIDRM.value).getClass());
        assertSame(IpcException.NotFoundException.class,
                ShmErrors.shmget(IpcKey.of(0x41), 4096, Segment.Creation.OPEN, Errno.ENOENT.value).getClass());
    }

    @ParameterizedTest
    @EnumSource(IpcException.Advice.class)
    void shouldWordEveryAdviceInApiTermsNotShellOptions(IpcException.Advice advice) {
        assertFalse(advice.text().contains("--"), advice.text());
        assertFalse(advice.text().matches(".*\\b(see list|sem init)\\b.*"), advice.text());
    }
}
