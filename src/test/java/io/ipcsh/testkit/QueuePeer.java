package io.ipcsh.testkit;

import io.ipcsh.ipc.CarriesMessages;
import io.ipcsh.ipc.IpcException;
import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.MessageQueue;
import io.ipcsh.ipc.PosixMessageQueue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A second process for message queue tests, on the ipc API alone (so that it runs as
 * nobody, see {@link Jvm#commandForOtherUser}): one command per line on stdin, one answer
 * per line on stdout.
 *
 * <pre>
 * sysv KEY      MessageQueue.open(key), then stat()  -> "ok msqid=N"
 * posix NAME    PosixMessageQueue.open(name)         -> "ok NAME"
 * send TEXT     send with the default tag            -> "ok"
 * receive       tryReceive(0)                        -> "ok type 1: TEXT" | "ok empty"
 * exit
 * </pre>
 * A failure answers {@code error SimpleClassName: message}.
 */
public final class QueuePeer {
    private CarriesMessages queue;

    public static void main(String[] args) throws IOException {
        new QueuePeer().run();
    }

    private void run() throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("ready");
        System.out.flush();
        String line;
        while ((line = in.readLine()) != null && !line.equals("exit")) {
            String[] w = line.strip().split(" ", 2);
            String answer;
            try {
                answer = switch (w[0]) {
                    case "sysv" -> {
                        MessageQueue q = MessageQueue.open(IpcKey.parse(w[1]));
                        queue = q;
                        yield "ok msqid=" + q.stat().msqid();
                    }
                    case "posix" -> {
                        queue = PosixMessageQueue.open(w[1]);
                        yield "ok " + w[1];
                    }
                    case "send" -> {
                        queue.send(w[1]);
                        yield "ok";
                    }
                    case "receive" -> "ok " + queue.tryReceive(0).map(Object::toString).orElse("empty");
                    default -> "error unknown command " + w[0];
                };
            } catch (IpcException e) {
                answer = "error " + e.getClass().getSimpleName() + ": " + e.getMessage();
            } catch (RuntimeException e) {
                answer = "error " + e;
            }
            System.out.println(answer);
            System.out.flush();
        }
    }
}
