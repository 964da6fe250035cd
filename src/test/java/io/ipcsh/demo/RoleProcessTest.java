package io.ipcsh.demo;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The peer process's command line: mistakes are refused before anything is attached. */
class RoleProcessTest {
    @ParameterizedTest
    @CsvSource(delimiterString = "=>", value = {
            "''=>usage: RoleProcess produce|consume --id SHMID [--count N] [--interval D] [--timeout D] [--unsynchronized] [--quiet] [--go]",
            "watch --id 1=>usage: RoleProcess produce|consume --id SHMID [--count N] [--interval D] [--timeout D] [--unsynchronized] [--quiet] [--go]",
            "consume=>--id SHMID is required",
            "consume --id=>--id needs a value",
            "produce --id 1 --fast=>unknown option: --fast"})
    void shouldRefuseABadCommandLine(String args, String message) {
        String[] argv = args.isEmpty() ? new String[0] : args.split(" ");
        PrintStream out = new PrintStream(new ByteArrayOutputStream());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RoleProcess.run(argv, out));
        assertEquals(message, e.getMessage());
    }
}
