import java.nio.file.*;
import java.time.Duration;
import io.ipcsh.ipc.*;
import io.ipcsh.demo.*;
