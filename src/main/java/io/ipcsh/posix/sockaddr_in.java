package io.ipcsh.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.ByteOrder;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct sockaddr_in { sa_family_t sin_family; in_port_t sin_port; struct in_addr
 * sin_addr; unsigned char sin_zero[8]; }} (16 bytes); port and address in network byte order.
 */
public final class sockaddr_in {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin_family"), JAVA_SHORT.withName("sin_port"), JAVA_INT.withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero"));
    private static final long PORT = LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("sin_port"));
    private static final long ADDR = LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("sin_addr"));

    private sockaddr_in() {
    }

    /** An AF_INET address, {@code address} as a host-order int ({@code INADDR_LOOPBACK}), in {@code arena}. */
    public static MemorySegment of(Arena arena, int address, int port) {
        MemorySegment sa = arena.allocate(LAYOUT);
        sa.set(JAVA_SHORT, 0, (short) SysSocket.AF_INET);
        sa.set(JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), PORT, (short) port);
        sa.set(JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN), ADDR, address);
        return sa;
    }

    /** The port, in host order. */
    public static int port(MemorySegment sa) {
        return Short.toUnsignedInt(sa.get(JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), PORT));
    }
}
