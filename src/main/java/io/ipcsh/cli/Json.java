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
        switch (v) {
            case null -> text.append("null");
            case Boolean b -> text.append(b);
            case Double d when d.isNaN() || d.isInfinite() -> string(d.toString());
            case Float f when f.isNaN() || f.isInfinite() -> string(f.toString());
            case Number n -> text.append(n);
            case Instant t -> string(t.toString());
            case Json nested -> text.append(nested);
            case java.util.Map<?, ?> map -> {
                Json o = object();
                map.forEach((k, x) -> o.put(String.valueOf(k), x));
                text.append(o);
            }
            case List<?> list -> {
                text.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        text.append(',');
                    }
                    value(list.get(i));
                }
                text.append(']');
            }
            default -> string(v.toString());
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
