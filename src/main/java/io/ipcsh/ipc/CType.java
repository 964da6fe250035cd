package io.ipcsh.ipc;

/**
 * A C type as a {@link Struct} member has it, with its size and alignment under the
 * x86_64 System V ABI (glibc): what {@code sizeof} and {@code _Alignof} say there.
 */
public sealed interface CType permits CType.Scalar, CType.Array, CType.Nested, CType.SemT, CType.MutexT {
    /** The C spelling, without array dimensions: {@code unsigned int}, {@code char *}, {@code struct inner}. */
    String name();

    /** {@code sizeof}. */
    long size();

    /** {@code _Alignof}. */
    long alignment();

    /** What a scalar's bytes mean. */
    enum Kind { SIGNED, UNSIGNED, FLOAT, BOOL, POINTER }

    /** An integer, floating-point, bool or pointer type; on x86_64 each is aligned to its size. */
    record Scalar(String name, Kind kind, int bytes) implements CType {
        @Override
        public long size() {
            return bytes;
        }

        @Override
        public long alignment() {
            return bytes;
        }

        /** True for plain {@code char}, {@code signed char} and {@code unsigned char}: arrays of them read as text. */
        public boolean isCharacter() {
            return bytes == 1 && (kind == Kind.SIGNED || kind == Kind.UNSIGNED) && name.endsWith("char");
        }
    }

    /** {@code element[length]}; length 0 for a flexible array member ({@code []}). */
    record Array(CType element, long length) implements CType {
        @Override
        public String name() {
            return element.name();
        }

        @Override
        public long size() {
            return element.size() * length;
        }

        @Override
        public long alignment() {
            return element.alignment();
        }

        /** The dimensions as C writes them after the member's name: {@code [3][2]}. */
        public String dimensions() {
            return "[" + (length == 0 ? "" : Long.toString(length)) + "]"
                    + (element instanceof Array inner ? inner.dimensions() : "");
        }

        /** The innermost element type: {@code int} for {@code int a[3][2]}. */
        public CType innermost() {
            return element instanceof Array inner ? inner.innermost() : element;
        }
    }

    /** A struct member that is itself a struct, spelled as declared ({@code struct inner} or a typedef name). */
    record Nested(String name, Struct struct) implements CType {
        @Override
        public long size() {
            return struct.size();
        }

        @Override
        public long alignment() {
            return struct.alignment();
        }
    }

    /** glibc's {@code sem_t}: 32 bytes, 8-aligned; read as its state (value, waiters). */
    record SemT() implements CType {
        @Override
        public String name() {
            return "sem_t";
        }

        @Override
        public long size() {
            return Semaphore.SIZE;
        }

        @Override
        public long alignment() {
            return Semaphore.ALIGNMENT;
        }
    }

    /** glibc's {@code pthread_mutex_t}: 40 bytes, 8-aligned; read as its state (locked, owner tid). */
    record MutexT() implements CType {
        @Override
        public String name() {
            return "pthread_mutex_t";
        }

        @Override
        public long size() {
            return io.ipcsh.posix.pthread_mutex_t.SIZE;
        }

        @Override
        public long alignment() {
            return io.ipcsh.posix.pthread_mutex_t.ALIGN;
        }
    }

    /** How C writes a member of this type: {@code char name[16]}, {@code int *p}. */
    static String declare(CType t, String member) {
        String dims = t instanceof Array a ? a.dimensions() : "";
        return t.name() + (t.name().endsWith("*") ? "" : " ") + member + dims;
    }
}
