package io.ipcsh.shell;

import picocli.CommandLine.ITypeConverter;

/**
 * The name of one of the session's handles ({@code h1}, {@code data}), as a parameter's
 * type: completion offers the session's handles wherever one stands.
 */
record HandleName(String text) {
    /** The handle it names, or a one-line error listing the handles there are. */
    Handle in(Session session) {
        return session.handle(text);
    }

    /** picocli's converter: any word; {@link Session#handle} says if there is none by that name. */
    static final class Converter implements ITypeConverter<HandleName> {
        @Override
        public HandleName convert(String value) {
            return new HandleName(value);
        }
    }
}
