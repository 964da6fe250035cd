// examples.jsh: the ipcsh Java API step by step, with a second process.
// Run it with:  bin/ipcsh jshell examples.jsh
// (bin/ipcsh jshell puts the library on the class path, enables native access and
// imports java.nio.file.*, java.time.Duration, io.ipcsh.ipc.* and io.ipcsh.demo.*.)

void step(String what) { System.out.println(); System.out.println("== " + what); }
void show(Object o) { System.out.println("   " + o); }

step("1. key: ftok(file, 65), as the seed's ftok(\"shmfile\", 65), on a new temp file");
Path file = Files.createTempFile("ipcsh-example-", ".key");
IpcKey key = IpcKey.ftok(file, 65);
show("key " + key);

step("2. attach: shmget(key, 4096, IPC_CREAT|IPC_EXCL|0600) + shmat");
Segment seg = Segment.createNew(key, 4096, 0600);
show(seg);
// A safety net, so that a run cut short (Ctrl-C) leaves no segment behind.
Runtime.getRuntime().addShutdownHook(new Thread(() -> { try { Segments.destroy(seg.shmid()); } catch (IpcException gone) { } }));

step("3. write and read: the bytes a C program sees at the same offsets");
seg.putInt(0, 42);
seg.putString(100, "hello from jshell");
show("getInt(0) = " + seg.getInt(0) + ", getString(100) = \"" + seg.getString(100) + "\"");

step("3a. a C struct over the same bytes: members where gcc puts them (x86_64), read by name");
Struct rec = Struct.parse("struct rec { int count; char note[96]; char text[32]; }");
System.out.println(rec.show());
System.out.print(seg.memory().read(0, rec));
seg.memory().write(0, rec, "count", "43");
show("after write(0, rec, \"count\", \"43\"): getInt(0) = " + seg.getInt(0));

step("4. semaphore hand-off with a second process: empty/full at offsets 16 and 48");
Channel channel = Channel.of(seg).init();
show(channel + ": empty=" + seg.semaphore(ChannelDescriptor.EMPTY_OFFSET).value()
        + " full=" + seg.semaphore(ChannelDescriptor.FULL_OFFSET).value());
// A consumer in a JVM of its own, attached by shmid: io.ipcsh.demo.RoleProcess.
List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        "io.ipcsh.demo.RoleProcess", "consume", "--id", Integer.toString(seg.shmid()), "--count", "5");
Process consumer = new ProcessBuilder(command).redirectErrorStream(true).start();
show("started consumer pid " + consumer.pid() + "; producing 0..4, one every 100ms, each waiting for the consumer");
show(channel.produce(5, Duration.ofMillis(100)));
if (!consumer.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) { consumer.destroyForcibly(); }
for (String line : new String(consumer.getInputStream().readAllBytes()).split("\n")) {
    show("consumer pid " + consumer.pid() + ": " + (line.startsWith("report ") ? ChannelReport.parse(line) : line));
}

step("5. stat: shmctl(IPC_STAT), the fields ipcs -m -i shows, in the shell's stat words");
System.out.println(seg.stat());

step("6. detach: shmdt; the memory can no longer be touched from Java");
seg.detach();
show(seg);
try { seg.getInt(0); } catch (IpcException e) { show("getInt(0) after detach: " + e.getMessage()); }

step("7. destroy: shmctl(IPC_RMID); nobody is attached, so the kernel frees it now");
seg.destroy();
show(seg);
try { Segments.idOf(key); } catch (IpcException e) { show(e.getMessage()); }
Files.delete(file);
show("removed " + file);
step("8. a SysV message queue: msgget(IPC_PRIVATE, IPC_CREAT|IPC_EXCL|0600), typed messages");
MessageQueue q = MessageQueue.create(IpcKey.PRIVATE);
Runtime.getRuntime().addShutdownHook(new Thread(() -> { try { q.destroy(); } catch (IpcException gone) { } }));
q.send(2, "first");
q.send(1, "second");
q.send(3, "third");
show(q);
show("receive(3):  " + q.receive(3) + "   (msgrcv msgtyp 3: exactly type 3)");
show("receive(-2): " + q.receive(-2) + "  (msgtyp -2: the lowest type up to 2)");
show("receive(0):  " + q.receive(0) + "   (msgtyp 0: the oldest of any type)");
show("tryReceive(0): " + q.tryReceive(0) + " (IPC_NOWAIT on an empty queue: ENOMSG)");
System.out.println(q.stat());
q.destroy();
show("destroyed msqid " + q.msqid());

step("9. a POSIX message queue: mq_open(O_CREAT|O_EXCL, {mq_maxmsg=4, mq_msgsize=256}), priorities");
PosixMessageQueue pq = PosixMessageQueue.createNew("/ipcsh-example-" + ProcessHandle.current().pid(), 0600, 4, 256);
Runtime.getRuntime().addShutdownHook(new Thread(() -> { try { pq.destroy(); } catch (IpcException gone) { } }));
pq.send(1, "routine");
pq.send(9, "urgent");
pq.send(5, "normal");
show(pq);
show(pq.receive() + ", then " + pq.receive() + ", then " + pq.receive() + "  (the highest priority first)");
show("receive(0, 100ms): " + pq.receive(0, Duration.ofMillis(100)) + " (mq_timedreceive ran out of time)");
pq.destroy();
pq.close();
show("mq_unlink + mq_close: " + pq);
/exit
