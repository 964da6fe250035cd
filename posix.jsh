// posix.jsh: POSIX shared memory and a named semaphore through the ipcsh Java API, with a
// second process (an ipcsh shell) on the same objects.
// Run it with:  bin/ipcsh jshell posix.jsh
// (bin/ipcsh jshell puts the library on the class path, enables native access and
// imports java.nio.file.*, java.time.Duration, io.ipcsh.ipc.* and io.ipcsh.demo.*.)

void step(String what) { System.out.println(); System.out.println("== " + what); }
void show(Object o) { System.out.println("   " + o); }

step("1. names: /NAME, one leading slash, no other; glibc keeps them in /dev/shm");
long pid = ProcessHandle.current().pid();
PosixName jobs = PosixName.of("/ipcsh-example-" + pid + "-jobs");
PosixName ready = PosixName.of("/ipcsh-example-" + pid + "-ready");
show(jobs + " is " + jobs.shmPath() + ", " + ready + " is " + ready.semaphorePath());
try { PosixName.of("/a/b"); } catch (IpcException e) { show(e.getMessage()); }

step("2. shared memory: shm_open(O_CREAT|O_EXCL, 0600) + ftruncate(4096) + mmap(MAP_SHARED)");
SharedMemory shm = SharedMemory.createNew(jobs, 4096, 0600);
show(shm);
// A safety net, so that a run cut short (Ctrl-C) leaves nothing in /dev/shm.
Runtime.getRuntime().addShutdownHook(new Thread(() -> {
    try { SharedMemory.unlink(jobs); } catch (IpcException gone) { }
    try { NamedSemaphore.unlink(ready); } catch (IpcException gone) { }
}));

step("3. write and read: the same typed access as a SysV segment");
shm.putInt(0, 42);
shm.putString(100, "hello from jshell");
try (SharedMemory view = SharedMemory.openReadOnly(jobs)) {
    show("a second, read-only mapping reads getInt(0) = " + view.getInt(0) + ", getString(100) = \"" + view.getString(100) + "\"");
    try { view.putInt(0, 1); } catch (IpcException e) { show(e.getMessage()); }
}

step("4. named semaphore: sem_open(O_CREAT|O_EXCL, 0600, 0)");
NamedSemaphore sem = NamedSemaphore.createNew(ready, 0, 0600);
show(sem);
show("trywait at 0: " + (sem.tryAcquire() ? "acquired" : "would block"));

step("5. a second process, an ipcsh shell: it maps " + jobs + ", writes, and posts " + ready);
List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "io.ipcsh.shell.Main", "-c",
        "attach " + jobs + "; read 0 i32; write 200 str answered; sem open " + ready + "; post");
Process other = new ProcessBuilder(command).redirectErrorStream(true).start();
show("started pid " + other.pid() + "; waiting on " + ready + " (sem_timedwait in 100 ms slices)");
show("woken: " + sem.await(Duration.ofSeconds(60)));
show("getString(200) = \"" + shm.getString(200) + "\"");
if (!other.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) { other.destroyForcibly(); }
for (String line : new String(other.getInputStream().readAllBytes()).split("\n")) { show("pid " + other.pid() + ": " + line); }

step("6. stat: fstat of the shared memory, and the semaphore's value and file");
System.out.println(shm.stat());
System.out.println(sem.stat());

step("7. detach: munmap + close, sem_close; neither can be touched from Java now");
shm.detach();
sem.close();
show(shm);
show(sem);
try { shm.getInt(0); } catch (IpcException e) { show("getInt(0) after detach: " + e.getMessage()); }
try { sem.post(); } catch (IpcException e) { show("post() after close: " + e.getMessage()); }

step("8. destroy: shm_unlink and sem_unlink; the names are gone");
SharedMemory.unlink(jobs);
NamedSemaphore.unlink(ready);
try { SharedMemory.open(jobs); } catch (IpcException e) { show(e.getMessage()); }
try { NamedSemaphore.open(ready); } catch (IpcException e) { show(e.getMessage()); }
/exit
