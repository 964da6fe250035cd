package io.ipcsh.shell;

import io.ipcsh.ipc.IpcException;
import io.ipcsh.ipc.Mutex;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The one OS thread that runs every mutex call of a session ({@code lock},
 * {@code unlock}, {@code mutex ...}). A {@code pthread_mutex_t} belongs to the thread
 * that locked it: {@code unlock} from any other thread fails with EPERM. The REPL, a
 * script and {@code -c} run their commands on whatever thread they were started on, and
 * a test may run a session from any thread, so the session does not rely on that: it
 * hands each mutex call to this thread and waits for it.
 *
 * <p>Ctrl-C (an interrupt of the waiting command thread) is passed on to this thread,
 * which ends a blocked lock within one slice; the command then reports what really
 * happened (cancelled, or locked just before). {@link #close()} ends the thread: glibc
 * and the kernel then mark every robust mutex it still holds owner-died, as when a
 * process dies holding one, and the memory can be detached.
 */
final class MutexThread implements AutoCloseable {
    private final BlockingQueue<FutureTask<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile int tid;
    private volatile boolean closed;
    /** The task this thread runs now; guarded by this. */
    private FutureTask<?> running;

    MutexThread() {
        thread = Thread.ofPlatform().daemon().name("ipcsh-mutex").unstarted(this::loop);
        thread.start();
    }

    /** The OS thread id ({@code gettid}) that owns what this session locks. */
    int tid() throws Exception {
        return tid != 0 ? tid : run(Mutex::currentTid);
    }

    /** Runs {@code task} on this thread and returns its result; its exceptions come through unchanged. */
    <T> T run(Callable<T> task) throws Exception {
        FutureTask<T> f = new FutureTask<>(task);
        if (!thread.isAlive()) {
            throw new IllegalStateException("the session's mutex thread has ended");
        }
        queue.add(f);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                    synchronized (this) {
                        if (running == f) {
                            thread.interrupt(); // the lock's next slice sees it
                        } else if (!f.isDone() && queue.remove(f)) {
                            throw new IpcException.InterruptedIpcException("mutex call cancelled before it started");
                        }
                    }
                    // Wait for what really happened: cancelled, or done just before.
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Exception x) {
                        throw x;
                    }
                    if (e.getCause() instanceof Error x) {
                        throw x;
                    }
                    throw e;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        tid = Mutex.currentTid();
        while (true) {
            FutureTask<?> f;
            try {
                f = queue.take();
            } catch (InterruptedException e) {
                return; // close()
            }
            synchronized (this) {
                running = f;
            }
            f.run();
            synchronized (this) {
                running = null;
                Thread.interrupted(); // an interrupt meant for the task just ended must not hit the next
            }
            if (closed) {
                return;
            }
        }
    }

    /** Ends the thread (and with it every lock it holds: robust ones become owner-died). */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            // A blocked lock ends within one 100 ms slice; the bound is for a machine under heavy load.
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
