package io.ipcsh.cli;

import java.time.Instant;
import java.util.List;

/** One JSON object on one line, for {@code --json}: just enough of JSON, in insertion order. */
public final class Json {
    private final StringBuilder text = new StringBuilder("{");

    /** An empty object. */
    public static Json object() {
        return new Json();
    }

    /** Adds {@code "name":value}; a List is an array, a Json or a Map an object, NaN and Infinity are strings. */
    public Json put(String name, Object value) {
        if (text.length() > 1) {
            text.append(',');
        }
        string(name);
        text.append(':');
        value(value);
        return this;
    }

    private void value(Object v) {
        // An instanceof chain, not a pattern switch: the switch's bootstrap spins a class at
        // the first call, and every command's first result comes through here (one-shot start).
        if (v == null) {
            text.append("null");
        } else if (v instanceof Boolean b) {
            text.append(b);
        } else if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
            string(d.toString());
        } else if (v instanceof Float f && (f.isNaN() || f.isInfinite())) {
            string(f.toString());
        } else if (v instanceof Number n) {
            text.append(n);
        } else if (v instanceof Instant t) {
            string(t.toString());
        } else if (v instanceof Json nested) {
            text.append(nested);
        } else if (v instanceof java.util.Map<?, ?> map) {
            Json o = object();
            map.forEach((k, x) -> o.put(String.valueOf(k), x));
            text.append(o);
        } else if (v instanceof List<?> list) {
            text.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    text.append(',');
                }
                value(list.get(i));
            }
            text.append(']');
        } else {
            string(v.toString());
        }
    }

    private void string(String s) {
        quote(text, s);
    }

    /** {@code s} as a JSON string, quotes included. */
    public static String quote(String s) {
        return quote(new StringBuilder(), s).toString();
    }

    private static StringBuilder quote(StringBuilder text, String s) {
        text.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> {
                    if (c < 0x20) {
                        text.append(String.format("\\u%04x", (int) c));
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        return text.append('"');
    }

    @Override
    public String toString() {
        return text + "}";
    }
}
