package io.ipcsh.ipc;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads C struct declarations into {@link Struct}s: the subset {@link Structs} documents,
 * laid out by the x86_64 System V rules (each member at the next multiple of its
 * alignment, the struct aligned to its strictest member and padded to a multiple of it).
 * Anything outside the subset is refused in one line naming the construct, never laid
 * out by a guess.
 */
final class StructParser {
    /** A token with the line it started on. */
    private record Token(String text, int line, boolean directive) {
        boolean is(String s) {
            return !directive && text.equals(s);
        }

        boolean isIdentifier() {
            return !directive && !text.isEmpty() && (Character.isLetter(text.charAt(0)) || text.charAt(0) == '_');
        }
    }

    /** What {@link Structs#typedef} holds: a type, or a struct tag defined later. */
    record Alias(CType type, String tag) {
    }

    private static final Set<String> BASIC = Set.of("signed", "unsigned", "char", "short", "int", "long", "float",
            "double", "_Bool", "bool", "void");
    private static final Set<String> QUALIFIERS = Set.of("const", "volatile", "restrict", "__restrict", "_Atomic");
    private static final Map<String, CType> NAMED = new LinkedHashMap<>();

    static {
        for (int bits : new int[] {8, 16, 32, 64}) {
            NAMED.put("int" + bits + "_t", new CType.Scalar("int" + bits + "_t", CType.Kind.SIGNED, bits / 8));
            NAMED.put("uint" + bits + "_t", new CType.Scalar("uint" + bits + "_t", CType.Kind.UNSIGNED, bits / 8));
        }
        for (String s : List.of("ssize_t", "intptr_t", "ptrdiff_t", "off_t", "time_t", "intmax_t")) {
            NAMED.put(s, new CType.Scalar(s, CType.Kind.SIGNED, 8));
        }
        for (String s : List.of("size_t", "uintptr_t", "uintmax_t")) {
            NAMED.put(s, new CType.Scalar(s, CType.Kind.UNSIGNED, 8));
        }
        for (String s : List.of("pid_t", "key_t")) {
            NAMED.put(s, new CType.Scalar(s, CType.Kind.SIGNED, 4));
        }
        for (String s : List.of("uid_t", "gid_t", "mode_t")) {
            NAMED.put(s, new CType.Scalar(s, CType.Kind.UNSIGNED, 4));
        }
        NAMED.put("sem_t", new CType.SemT());
        NAMED.put("pthread_mutex_t", new CType.MutexT());
    }

    private static final String ANONYMOUS = "(anonymous)";

    private final List<Token> tokens;
    private final String where;
    private final Map<String, Struct> tags;
    private final Map<String, Alias> typedefs;
    /** #define names seen; using one is refused (ipcsh has no preprocessor). */
    private final Map<String, String> macros = new LinkedHashMap<>();
    private final List<Struct> defined = new ArrayList<>();
    private int pos;

    /**
     * @param where "" for typed text, or the file name, for messages
     * @param tags  struct tags known so far (updated as structs are defined)
     * @param typedefs typedef names known so far (updated)
     */
    StructParser(String text, String where, Map<String, Struct> tags, Map<String, Alias> typedefs) {
        this.where = where;
        this.tags = tags;
        this.typedefs = typedefs;
        this.tokens = tokenize(text);
    }

    /** Every struct defined in the text, in order (nested definitions before their container). */
    List<Struct> parse() {
        List<String> guards = new ArrayList<>();
        while (pos < tokens.size()) {
            Token t = tokens.get(pos);
            if (t.directive) {
                pos++;
                directive(t, guards);
            } else if (t.is(";")) {
                pos++;
            } else {
                topLevel();
            }
        }
        if (!guards.isEmpty()) {
            throw syntax(tokens.isEmpty() ? 1 : tokens.get(tokens.size() - 1).line, "#ifndef " + guards.get(0) + " has no #endif");
        }
        return defined.stream().filter(s -> !s.name().equals(ANONYMOUS)).toList();
    }

    private void directive(Token t, List<String> guards) {
        String[] w = t.text.substring(1).strip().split("\\s+", 3);
        String name = w[0];
        switch (name) {
            case "include", "" -> { }
            case "pragma" -> {
                if (w.length > 1 && w[1].equals("once")) {
                    return;
                }
                throw unsupported(t.line, "#pragma " + (w.length > 1 ? w[1] : "") + " is not supported",
                        "'" + t.text.strip() + "' can change the layout (packing)");
            }
            case "define" -> {
                if (w.length < 2) {
                    throw syntax(t.line, "#define without a name");
                }
                String macro = w[1].replaceFirst("\\(.*", "");
                if (!guards.isEmpty() && guards.get(guards.size() - 1).equals(macro) && w.length == 2) {
                    return;
                }
                macros.put(macro, w.length > 2 ? w[2] : "");
            }
            case "ifndef" -> {
                // Only an include guard: #ifndef X followed by #define X.
                Token next = pos < tokens.size() ? tokens.get(pos) : null;
                String guard = w.length > 1 ? w[1] : "";
                if (next != null && next.directive && next.text.substring(1).strip().split("\\s+").length == 2
                        && next.text.substring(1).strip().split("\\s+")[0].equals("define")
                        && next.text.substring(1).strip().split("\\s+")[1].equals(guard)) {
                    guards.add(guard);
                    return;
                }
                throw unsupported(t.line, "conditional compilation is not supported", "'" + t.text.strip()
                        + "' (only an include guard, #ifndef X / #define X / #endif, is understood)");
            }
            case "endif" -> {
                if (guards.isEmpty()) {
                    throw syntax(t.line, "#endif without #ifndef");
                }
                guards.remove(guards.size() - 1);
            }
            case "if", "ifdef", "else", "elif", "undef" -> throw unsupported(t.line, "conditional compilation is not supported",
                    "'" + t.text.strip() + "' (only an include guard, #ifndef X / #define X / #endif, is understood)");
            default -> throw unsupported(t.line, "#" + name + " is not supported", "'" + t.text.strip() + "'");
        }
    }

    /** A top-level declaration: a struct definition, a typedef, a forward declaration, a prototype. */
    private void topLevel() {
        Token t = peek();
        if (t.is("typedef")) {
            pos++;
            Base base = typeSpecifier("typedef");
            do {
                Declarator d = declarator(base, "typedef");
                if (d.type instanceof CType.Nested n && n.struct().name().equals(ANONYMOUS)) {
                    // typedef struct { ... } rec_t; : the struct is known by its typedef name.
                    Struct named = n.struct().renamed(d.name);
                    defined.set(defined.indexOf(n.struct()), named);
                    d = new Declarator(d.name, new CType.Nested(d.name, named), d.line);
                }
                typedefs.put(d.name, d.type == null ? new Alias(null, base.pendingTag) : new Alias(d.type, null));
            } while (accept(","));
            expect(";", "after the typedef");
            return;
        }
        if (t.is("struct") && pos + 2 < tokens.size() && tokens.get(pos + 1).isIdentifier() && tokens.get(pos + 2).is(";")) {
            pos += 3; // struct foo; : a forward declaration
            return;
        }
        Base base = typeSpecifier("the file");
        if (accept(";") || pos >= tokens.size()) {
            return; // struct rec { ... }; (a missing ; at the very end of typed text is forgiven)
        }
        // A variable or a function prototype: no layout to learn; skip to its ;.
        int depth = 0;
        while (pos < tokens.size()) {
            Token s = tokens.get(pos++);
            if (s.is("(") || s.is("{")) {
                depth++;
            } else if (s.is(")") || s.is("}")) {
                depth--;
            } else if (s.is(";") && depth <= 0) {
                return;
            }
        }
        if (base.type == null && base.pendingTag == null) {
            throw syntax(t.line, "expected a declaration");
        }
    }

    /** A type specifier with its qualifiers; {@code type} is null for {@code struct tag} not defined yet. */
    private record Base(CType type, String pendingTag, int line) {
    }

    private Base typeSpecifier(String in) {
        Token first = peek();
        List<String> words = new ArrayList<>();
        CType named = null;
        String pending = null;
        while (pos < tokens.size()) {
            Token t = peek();
            if (t.directive) {
                throw unsupported(t.line, "preprocessor lines inside a declaration are not supported", "'" + t.text.strip() + "'");
            }
            String s = t.text;
            if (QUALIFIERS.contains(s)) {
                pos++;
                if (s.equals("_Atomic") && peek().is("(")) {
                    throw unsupported(t.line, "_Atomic(type) is not supported", "write _Atomic int (same layout) or the plain type");
                }
                continue;
            }
            if (s.equals("static") || s.equals("extern") || s.equals("register") || s.equals("inline")) {
                pos++;
                continue;
            }
            if (s.equals("union")) {
                throw unsupported(t.line, "unions are not supported", "a union in " + in + " (declare its largest member instead)");
            }
            if (s.equals("enum")) {
                throw unsupported(t.line, "enums are not supported", "an enum in " + in + " (gcc sizes it by its values: write int or the fixed-width type)");
            }
            if (s.equals("__attribute__") || s.equals("__attribute") || s.equals("_Alignas") || s.equals("alignas")
                    || s.equals("__declspec")) {
                throw unsupported(t.line, "attributes are not supported", "'" + s + "' in " + in + " can change the layout (packed, aligned)");
            }
            if (s.equals("_Complex") || s.equals("__int128") || s.equals("_Float128") || s.equals("__float128")) {
                throw unsupported(t.line, s + " is not supported", "in " + in);
            }
            if (s.equals("struct")) {
                if (!words.isEmpty() || named != null) {
                    throw syntax(t.line, "'struct' cannot follow '" + String.join(" ", words) + "'");
                }
                pos++;
                Token tag = peek();
                String tagName = null;
                if (tag.isIdentifier() && !BASIC.contains(tag.text)) {
                    tagName = tag.text;
                    pos++;
                }
                if (accept("{")) {
                    Struct st = body(tagName, tag.line);
                    named = new CType.Nested("struct " + st.name(), st);
                } else if (tagName == null) {
                    throw syntax(tag.line, "expected a struct tag or '{' after 'struct', found '" + tag.text + "'");
                } else if (tags.containsKey(tagName)) {
                    named = new CType.Nested("struct " + tagName, tags.get(tagName));
                } else {
                    pending = tagName;
                }
                continue;
            }
            if (BASIC.contains(s)) {
                if (named != null || pending != null) {
                    throw syntax(t.line, "'" + s + "' after a type name");
                }
                words.add(s);
                pos++;
                continue;
            }
            if (t.isIdentifier() && words.isEmpty() && named == null && pending == null) {
                if (macros.containsKey(s)) {
                    throw macro(t);
                }
                Alias a = typedefs.get(s);
                if (a != null) {
                    pos++;
                    if (a.type != null) {
                        named = a.type instanceof CType.Nested n ? new CType.Nested(s, n.struct()) : rename(a.type, s);
                    } else if (tags.containsKey(a.tag)) {
                        named = new CType.Nested(s, tags.get(a.tag));
                    } else {
                        pending = a.tag;
                    }
                    continue;
                }
                if (NAMED.containsKey(s)) {
                    pos++;
                    named = NAMED.get(s);
                    continue;
                }
                throw syntax(t.line, "unknown type '" + s + "' in " + in + " (define it before, or use one of: "
                        + "int, unsigned, short, char, long, long long, float, double, bool, int8_t..uint64_t, size_t, ssize_t, pid_t, "
                        + "sem_t, pthread_mutex_t, struct NAME)");
            }
            break;
        }
        if (named != null || pending != null) {
            return new Base(named, pending, first.line);
        }
        if (words.isEmpty()) {
            throw syntax(first.line, "expected a type in " + in + ", found '" + first.text + "'");
        }
        return new Base(basic(words, first.line), null, first.line);
    }

    private static CType rename(CType t, String name) {
        return t instanceof CType.Scalar s ? new CType.Scalar(name, s.kind(), s.bytes()) : t;
    }

    /** {@code unsigned long int} and the rest, or a line saying the combination is not C. */
    private CType basic(List<String> words, int line) {
        int signed = 0, unsigned = 0, chars = 0, shorts = 0, ints = 0, longs = 0, floats = 0, doubles = 0, bools = 0, voids = 0;
        for (String w : words) {
            switch (w) {
                case "signed" -> signed++;
                case "unsigned" -> unsigned++;
                case "char" -> chars++;
                case "short" -> shorts++;
                case "int" -> ints++;
                case "long" -> longs++;
                case "float" -> floats++;
                case "double" -> doubles++;
                case "_Bool", "bool" -> bools++;
                default -> voids++;
            }
        }
        String spelled = String.join(" ", words);
        boolean sign = signed + unsigned > 0;
        if (signed + unsigned > 1 || chars > 1 || shorts > 1 || ints > 1 || longs > 2 || floats > 1 || doubles > 1 || bools > 1
                || voids > 1) {
            throw syntax(line, "'" + spelled + "' is not a C type");
        }
        if (doubles == 1 && longs == 1 && words.size() == 2) {
            throw unsupported(line, "long double is not supported", "its 80-bit format has no reader here");
        }
        int kinds = (chars + shorts + floats + doubles + bools + voids > 0 ? 1 : 0);
        if (chars + shorts + floats + doubles + bools + voids > 1 || (kinds > 0 && longs > 0)
                || ((floats + doubles + bools + voids) > 0 && (sign || ints > 0)) || (chars > 0 && ints > 0)) {
            throw syntax(line, "'" + spelled + "' is not a C type");
        }
        CType.Kind k = unsigned > 0 ? CType.Kind.UNSIGNED : CType.Kind.SIGNED;
        String canonical;
        int size;
        if (voids > 0) {
            return null; // void: only behind a *
        } else if (bools > 0) {
            return new CType.Scalar(words.get(0), CType.Kind.BOOL, 1);
        } else if (floats > 0) {
            return new CType.Scalar("float", CType.Kind.FLOAT, 4);
        } else if (doubles > 0) {
            return new CType.Scalar("double", CType.Kind.FLOAT, 8);
        } else if (chars > 0) {
            canonical = signed > 0 ? "signed char" : unsigned > 0 ? "unsigned char" : "char";
            size = 1;
        } else if (shorts > 0) {
            canonical = unsigned > 0 ? "unsigned short" : "short";
            size = 2;
        } else if (longs == 2) {
            canonical = unsigned > 0 ? "unsigned long long" : "long long";
            size = 8;
        } else if (longs == 1) {
            canonical = unsigned > 0 ? "unsigned long" : "long";
            size = 8;
        } else {
            canonical = unsigned > 0 ? "unsigned int" : "int";
            size = 4;
        }
        return new CType.Scalar(canonical, k, size);
    }

    /** A member's declarator: its name and full type (null while a struct tag is pending and no * makes it complete). */
    private record Declarator(String name, CType type, int line) {
    }

    private Declarator declarator(Base base, String in) {
        int stars = 0;
        Token start = peek();
        while (accept("*")) {
            stars++;
            while (pos < tokens.size() && QUALIFIERS.contains(peek().text)) {
                pos++;
            }
        }
        Token name = peek();
        if (name.is("(")) {
            throw unsupported(name.line, "function pointers and parenthesised declarators are not supported",
                    "in " + in + " (a function pointer is 8 bytes: declare it as void *NAME)");
        }
        if (!name.isIdentifier() || BASIC.contains(name.text) || QUALIFIERS.contains(name.text)) {
            throw syntax(name.line, "expected a member name in " + in + ", found '" + name.text + "'");
        }
        if (macros.containsKey(name.text)) {
            throw macro(name);
        }
        pos++;
        CType type;
        if (stars > 0) {
            String pointee = base.type == null ? (base.pendingTag != null ? "struct " + base.pendingTag : "void") : base.type.name();
            type = new CType.Scalar(pointee + " " + "*".repeat(stars), CType.Kind.POINTER, 8);
        } else {
            type = base.type;
        }
        List<Long> dims = new ArrayList<>();
        while (accept("[")) {
            if (accept("]")) {
                dims.add(0L);
                continue;
            }
            long n = expression(name.text);
            expect("]", "after the array length of '" + name.text + "'");
            if (n < 0) {
                throw syntax(name.line, "negative array length in '" + name.text + "'");
            }
            dims.add(n);
        }
        if (peek().is("(")) {
            throw unsupported(peek().line, "functions are not supported as members", "'" + name.text + "(' in " + in);
        }
        if (peek().is(":")) {
            throw unsupported(peek().line, "bit-fields are not supported", "'" + name.text + " : ...' in " + in
                    + " (their layout is the compiler's; use a whole integer and masks)");
        }
        if (peek().is("=")) {
            throw unsupported(peek().line, "initialisers are not supported", "'" + name.text + " = ...' in " + in);
        }
        if (peek().is("__attribute__") || peek().is("__attribute")) {
            throw unsupported(peek().line, "attributes are not supported", "on '" + name.text + "' in " + in
                    + " (they can change the layout: packed, aligned)");
        }
        if (type == null && base.pendingTag == null && !in.equals("typedef")) {
            throw syntax(start.line, "'" + name.text + "' has type void (only void * is a member type)");
        }
        for (int i = dims.size() - 1; i >= 0; i--) {
            if (type == null) {
                break;
            }
            if (i > 0 && dims.get(i) == 0) {
                throw syntax(name.line, "only the first dimension of '" + name.text + "' may be empty");
            }
            type = new CType.Array(type, dims.get(i));
        }
        return new Declarator(name.text, type, name.line);
    }

    /** {@code { members } } after {@code struct [tag]}: lays it out and registers the tag. */
    private Struct body(String tag, int line) {
        String name = tag == null ? ANONYMOUS : tag;
        String in = "struct " + name;
        List<Struct.Field> fields = new ArrayList<>();
        long offset = 0;
        long align = 1;
        boolean flexible = false;
        Set<String> names = new java.util.HashSet<>();
        while (!accept("}")) {
            if (pos >= tokens.size()) {
                throw syntax(line, in + " has no closing }");
            }
            if (accept(";")) {
                continue;
            }
            if (flexible) {
                throw syntax(peek().line, "a flexible array member must be the last member of " + in);
            }
            Base base = typeSpecifier(in);
            if (peek().is(";")) {
                throw unsupported(peek().line, "anonymous struct members are not supported",
                        "in " + in + " (give the member a name)");
            }
            do {
                Declarator d = declarator(base, in);
                if (d.type == null) {
                    throw syntax(d.line, "'" + d.name + "' has incomplete type struct " + base.pendingTag
                            + " (define struct " + base.pendingTag + " before " + in + ", or point to it with *)");
                }
                if (!names.add(d.name)) {
                    throw syntax(d.line, "duplicate member '" + d.name + "' in " + in);
                }
                if (d.type instanceof CType.Array a && a.length() == 0) {
                    flexible = true;
                }
                long a = d.type.alignment();
                offset = (offset + a - 1) / a * a;
                fields.add(new Struct.Field(d.name, d.type, offset));
                offset += d.type.size();
                align = Math.max(align, a);
                if (offset > Integer.MAX_VALUE) {
                    throw syntax(d.line, in + " is too large (" + offset + " bytes at '" + d.name + "')");
                }
                if (flexible && peek().is(",")) {
                    throw syntax(d.line, "a flexible array member must be the last member of " + in);
                }
            } while (accept(","));
            expect(";", "after a member of " + in);
        }
        if (fields.isEmpty()) {
            throw syntax(line, in + " has no members (gcc gives it size 0, C++ 1: add a member)");
        }
        if (flexible && fields.size() == 1) {
            throw syntax(line, in + " has only a flexible array member (C needs a named member before it)");
        }
        long size = (offset + align - 1) / align * align;
        Struct s = new Struct(name, fields, size, align, flexible);
        if (tag != null) {
            tags.put(tag, s);
        }
        defined.add(s);
        return s;
    }

    /** An array length: integer literals with + - * / % and parentheses. */
    private long expression(String member) {
        long v = term(member);
        while (peek().is("+") || peek().is("-")) {
            boolean plus = tokens.get(pos++).is("+");
            long r = term(member);
            v = plus ? Math.addExact(v, r) : Math.subtractExact(v, r);
        }
        return v;
    }

    private long term(String member) {
        long v = factor(member);
        while (peek().is("*") || peek().is("/") || peek().is("%")) {
            Token op = tokens.get(pos++);
            long r = factor(member);
            if (!op.is("*") && r == 0) {
                throw syntax(op.line, "division by zero in the array length of '" + member + "'");
            }
            v = op.is("*") ? Math.multiplyExact(v, r) : op.is("/") ? v / r : v % r;
        }
        return v;
    }

    private long factor(String member) {
        Token t = peek();
        if (accept("(")) {
            long v = expression(member);
            expect(")", "in the array length of '" + member + "'");
            return v;
        }
        if (accept("-")) {
            return -factor(member);
        }
        if (t.is("sizeof") || t.is("_Alignof") || t.is("alignof")) {
            throw unsupported(t.line, t.text + " is not supported in array lengths", "in '" + member + "' (write the number)");
        }
        if (macros.containsKey(t.text)) {
            throw macro(t);
        }
        pos++;
        String s = t.text.toLowerCase(java.util.Locale.ROOT).replaceFirst("[ul]+$", "");
        try {
            BigInteger v;
            if (s.startsWith("0x")) {
                v = new BigInteger(s.substring(2), 16);
            } else if (s.length() > 1 && s.startsWith("0")) {
                v = new BigInteger(s.substring(1), 8);
            } else {
                v = new BigInteger(s);
            }
            if (v.bitLength() > 40) {
                throw syntax(t.line, "array length too large in '" + member + "': " + t.text);
            }
            return v.longValueExact();
        } catch (NumberFormatException e) {
            throw syntax(t.line, "expected an array length in '" + member + "', found '" + t.text + "'"
                    + (t.isIdentifier() ? " (names are not understood here: write the number)" : ""));
        }
    }

    private IpcException macro(Token t) {
        String value = macros.get(t.text);
        return unsupported(t.line, "macros are not supported", "'" + t.text + "' is a #define" + (value.isBlank() ? "" : " (" + value.strip() + ")")
                + ": write its value instead");
    }

    private Token peek() {
        return pos < tokens.size() ? tokens.get(pos) : new Token("end of input", tokens.isEmpty() ? 1 : tokens.get(tokens.size() - 1).line, false);
    }

    private boolean accept(String s) {
        if (pos < tokens.size() && tokens.get(pos).is(s)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(String s, String context) {
        if (!accept(s)) {
            Token t = peek();
            throw syntax(t.line, "expected '" + s + "' " + context + ", found '" + t.text + "'");
        }
    }

    private String at(int line) {
        if (where.isEmpty()) {
            // tokens is null while tokenize itself reports a bad character: then only the line says more than one.
            return line > 1 || tokens != null && tokens.stream().anyMatch(t -> t.line > 1) ? " (line " + line + ")" : "";
        }
        return " (" + where + " line " + line + ")";
    }

    private IpcException syntax(int line, String message) {
        return new IpcException.InvalidArgumentException("struct: " + message + at(line));
    }

    private IpcException unsupported(int line, String what, String detail) {
        return new IpcException.InvalidArgumentException("struct: " + what + ": " + detail + at(line));
    }

    /** Identifiers, numbers and punctuation; comments dropped; a line starting with # is one directive token. */
    private List<Token> tokenize(String text) {
        List<Token> out = new ArrayList<>();
        int line = 1;
        boolean lineStart = true;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                lineStart = true;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                if (end < 0) {
                    throw syntax(line, "unterminated /* comment");
                }
                for (int k = i; k < end; k++) {
                    if (text.charAt(k) == '\n') {
                        line++;
                    }
                }
                i = end + 2;
            } else if (c == '#' && lineStart) {
                StringBuilder d = new StringBuilder();
                int startLine = line;
                while (i < n && text.charAt(i) != '\n') {
                    if (text.charAt(i) == '\\' && i + 1 < n && text.charAt(i + 1) == '\n') {
                        i += 2;
                        line++;
                        d.append(' ');
                        continue;
                    }
                    d.append(text.charAt(i++));
                }
                String dir = d.toString().replaceAll("/\\*.*?\\*/", " ").replaceFirst("//.*", "");
                out.add(new Token(dir, startLine, true));
            } else if (Character.isLetter(c) || c == '_') {
                int s = i;
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token(text.substring(s, i), line, false));
                lineStart = false;
            } else if (Character.isDigit(c)) {
                int s = i;
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                    i++;
                }
                out.add(new Token(text.substring(s, i), line, false));
                lineStart = false;
            } else if ("{}[]();,*:=+-/%".indexOf(c) >= 0) {
                out.add(new Token(String.valueOf(c), line, false));
                lineStart = false;
                i++;
            } else if (c == '<' || c == '>' || c == '&' || c == '|' || c == '^' || c == '~' || c == '!' || c == '?') {
                throw syntax(line, "'" + c + "' is not understood here (array lengths take + - * / % and parentheses)");
            } else if (c == '.' && text.startsWith("...", i)) {
                out.add(new Token("...", line, false));
                i += 3;
            } else {
                throw syntax(line, "character not understood: '" + (c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c)) + "'");
            }
        }
        return out;
    }
}
