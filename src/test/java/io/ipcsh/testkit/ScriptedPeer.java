package io.ipcsh.testkit;

import io.ipcsh.ipc.IpcException;
import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.Segment;
import io.ipcsh.ipc.SegmentStat;
import io.ipcsh.ipc.Segments;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A scriptable second process for cross-process tests: reads one command per line on
 * stdin, runs it with the ipc API, and answers with one line on stdout. Start it with
 * {@link Jvm#start} (or as nobody with {@link AsUser}); it needs only the project's own
 * classes, no JUnit.
 *
 * <pre>
 * open KEY | open-ro KEY | open-id SHMID   -> "ok shmid=N size=N"
 * create KEY SIZE | create-new KEY SIZE MODE -> "ok shmid=N size=N" (MODE in octal)
 * destroy-id SHMID / chmod-id SHMID MODE     -> "ok"
 * stat-id SHMID                             -> "ok uid=U mode=0600 nattch=N dest=false"
 * get-int OFF / put-int OFF V               -> "ok V" / "ok"
 * get-string OFF / put-string OFF TEXT      -> "ok TEXT" / "ok"
 * await OFF MILLIS / post OFF / try OFF     -> "ok true|false" / "ok"
 * nattch                                    -> "ok N"
 * pid                                       -> "ok PID"
 * detach / exit
 * shm-open NAME | shm-open-ro NAME          -> "ok name=/NAME size=N" (POSIX shared memory)
 * shm-get-int OFF / shm-put-int OFF V       -> "ok V" / "ok"
 * sem-open NAME / sem-post / sem-value      -> "ok value=N" / "ok" / "ok N" (a named semaphore)
 * </pre>
 * A failure answers {@code error SimpleClassName: message} and the peer reads on.
 */
public final class ScriptedPeer {
    private Segment seg;
    private io.ipcsh.ipc.SharedMemory shm;
    private io.ipcsh.ipc.NamedSemaphore sem;

    public static void main(String[] args) throws IOException {
        new ScriptedPeer().run();
    }

    private void run() throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("ready");
        System.out.flush();
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.strip().split(" ", 3);
            if (w[0].equals("exit")) {
                break;
            }
            String answer;
            try {
                answer = execute(w);
            } catch (IpcException e) {
                answer = "error " + e.getClass().getSimpleName() + ": " + e.getMessage();
            } catch (RuntimeException e) {
                answer = "error " + e;
            }
            System.out.println(answer);
            System.out.flush();
        }
        if (seg != null) {
            seg.detach();
        }
        if (shm != null) {
            shm.detach();
        }
        if (sem != null) {
            sem.detach();
        }
    }

    private String execute(String[] w) {
        return switch (w[0]) {
            case "open" -> opened(Segment.open(IpcKey.parse(w[1])));
            case "open-ro" -> opened(Segment.openReadOnly(IpcKey.parse(w[1])));
            case "open-id" -> opened(Segment.attach(Integer.parseInt(w[1])));
            case "create" -> opened(Segment.create(IpcKey.parse(w[1]), Long.parseLong(w[2])));
            case "create-new" -> {
                String[] sizeMode = w[2].split(" ");
                yield opened(Segment.createNew(IpcKey.parse(w[1]), Long.parseLong(sizeMode[0]),
                        Integer.parseInt(sizeMode[1], 8)));
            }
            case "destroy-id" -> {
                Segments.destroy(Integer.parseInt(w[1]));
                yield "ok";
            }
            case "chmod-id" -> {
                Segments.chmod(Integer.parseInt(w[1]), Integer.parseInt(w[2], 8));
                yield "ok";
            }
            case "stat-id" -> {
                SegmentStat st = SegmentStat.of(Integer.parseInt(w[1]));
                yield "ok uid=" + st.uid() + " mode=" + st.modeOctal() + " nattch=" + st.nattch() + " dest=" + st.dest();
            }
            case "get-int" -> "ok " + seg.getInt(Long.parseLong(w[1]));
            case "put-int" -> {
                seg.putInt(Long.parseLong(w[1]), Integer.parseInt(w[2]));
                yield "ok";
            }
            case "get-string" -> "ok " + seg.getString(Long.parseLong(w[1]));
            case "put-string" -> {
                seg.putString(Long.parseLong(w[1]), w[2]);
                yield "ok";
            }
            case "await" -> "ok " + seg.semaphore(Long.parseLong(w[1])).await(Duration.ofMillis(Long.parseLong(w[2])));
            case "try" -> "ok " + seg.semaphore(Long.parseLong(w[1])).tryAcquire();
            case "post" -> {
                seg.semaphore(Long.parseLong(w[1])).post();
                yield "ok";
            }
            case "nattch" -> "ok " + SegmentStat.of(seg.shmid()).nattch();
            case "pid" -> "ok " + ProcessHandle.current().pid();
            case "detach" -> {
                seg.detach();
                yield "ok";
            }
            case "shm-open", "shm-open-ro" -> {
                io.ipcsh.ipc.PosixName n = io.ipcsh.ipc.PosixName.of(w[1]);
                shm = w[0].endsWith("-ro") ? io.ipcsh.ipc.SharedMemory.openReadOnly(n) : io.ipcsh.ipc.SharedMemory.open(n);
                yield "ok name=" + n + " size=" + shm.size();
            }
            case "shm-get-int" -> "ok " + shm.getInt(Long.parseLong(w[1]));
            case "shm-put-int" -> {
                shm.putInt(Long.parseLong(w[1]), Integer.parseInt(w[2]));
                yield "ok";
            }
            case "sem-open" -> {
                sem = io.ipcsh.ipc.NamedSemaphore.open(io.ipcsh.ipc.PosixName.of(w[1]));
                yield "ok value=" + sem.value();
            }
            case "sem-post" -> {
                sem.post();
                yield "ok";
            }
            case "sem-value" -> "ok " + sem.value();
            default -> "error unknown command " + w[0];
        };
    }

    private String opened(Segment s) {
        seg = s;
        return "ok shmid=" + s.shmid() + " size=" + s.size();
    }
}
