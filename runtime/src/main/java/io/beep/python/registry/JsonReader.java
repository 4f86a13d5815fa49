package io.beep.python.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON text (RFC 8259) into plain maps (in document order, a repeated name's last value winning), lists, strings,
 * {@code Long}s, {@code Double}s, booleans and nulls, the shapes {@link RuntimesJson} reads. Hand-written because every
 * bootstrap on a known interpreter reads {@code runtimes.json}, and a fresh JVM's first Jackson parser (some 90 classes
 * to load and verify, ~60 ms here) was most of that start's CHECKING_RUNTIME.
 */
final class JsonReader {

    /** Deeper documents are refused rather than risking the stack: a registry or a probe line is two levels deep. */
    private static final int MAX_DEPTH = 1000;

    private final String text;
    private int at;

    private JsonReader(String text) {
        this.text = text;
    }

    /**
     * The top-level object of {@code bytes} (UTF-8, an optional byte-order mark); null when the document is empty or
     * is another kind of value.
     *
     * @throws IOException when the text is no valid JSON, or has text after the object
     */
    static Map<String, Object> readObject(byte[] bytes) throws IOException {
        String text = new String(bytes, StandardCharsets.UTF_8);
        JsonReader reader = new JsonReader(text.startsWith("\uFEFF") ? text.substring(1) : text);
        reader.skipWhitespace();
        if (reader.at == reader.text.length() || reader.peek() != '{') {
            if (reader.at < reader.text.length()) {
                reader.value(0); // as a streaming parser would, a first value that is not JSON is an error
            }
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) reader.value(0);
        reader.skipWhitespace();
        if (reader.at != reader.text.length()) {
            throw new RuntimesJson.UnexpectedContent("text after the document");
        }
        return root;
    }

    private Object value(int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw failure("nesting deeper than " + MAX_DEPTH);
        }
        skipWhitespace();
        if (at == text.length()) {
            throw failure("unexpected end of input");
        }
        char c = text.charAt(at);
        switch (c) {
            case '{' -> {
                at++;
                Map<String, Object> fields = new LinkedHashMap<>();
                skipWhitespace();
                if (peek() == '}') {
                    at++;
                    return fields;
                }
                while (true) {
                    skipWhitespace();
                    if (peek() != '"') {
                        throw failure("expected a field name");
                    }
                    String name = string();
                    skipWhitespace();
                    expect(':');
                    fields.put(name, value(depth + 1));
                    skipWhitespace();
                    if (peek() == ',') {
                        at++;
                    } else {
                        expect('}');
                        return fields;
                    }
                }
            }
            case '[' -> {
                at++;
                List<Object> items = new ArrayList<>();
                skipWhitespace();
                if (peek() == ']') {
                    at++;
                    return items;
                }
                while (true) {
                    items.add(value(depth + 1));
                    skipWhitespace();
                    if (peek() == ',') {
                        at++;
                    } else {
                        expect(']');
                        return items;
                    }
                }
            }
            case '"' -> {
                return string();
            }
            case 't' -> {
                return literal("true", Boolean.TRUE);
            }
            case 'f' -> {
                return literal("false", Boolean.FALSE);
            }
            case 'n' -> {
                return literal("null", null);
            }
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw failure("unexpected character '" + c + "'");
            }
        }
    }

    private String string() throws IOException {
        at++; // the opening quote
        StringBuilder out = null;
        int start = at;
        while (true) {
            if (at == text.length()) {
                throw failure("unterminated string");
            }
            char c = text.charAt(at);
            if (c == '"') {
                String s = out == null ? text.substring(start, at) : out.append(text, start, at).toString();
                at++;
                return s;
            }
            if (c < 0x20) {
                throw failure("control character in a string");
            }
            if (c != '\\') {
                at++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder();
            }
            out.append(text, start, at);
            if (at + 1 == text.length()) {
                throw failure("unterminated escape");
            }
            char e = text.charAt(at + 1);
            at += 2;
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw failure("short \\u escape");
                    }
                    try {
                        out.append((char) Integer.parseInt(text, at, at + 4, 16));
                    } catch (NumberFormatException x) {
                        throw failure("bad \\u escape");
                    }
                    at += 4;
                }
                default -> throw failure("bad escape \\" + e);
            }
            start = at;
        }
    }

    private Object number() throws IOException {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else if (digits() == 0) {
            throw failure("bad number");
        }
        boolean whole = true;
        if (peek() == '.') {
            at++;
            whole = false;
            if (digits() == 0) {
                throw failure("bad number");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            at++;
            whole = false;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            if (digits() == 0) {
                throw failure("bad number");
            }
        }
        String literal = text.substring(start, at);
        try {
            return whole ? (Object) Long.parseLong(literal) : (Object) Double.parseDouble(literal);
        } catch (NumberFormatException e) {
            throw failure("number out of range: " + literal);
        }
    }

    private int digits() {
        int start = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        return at - start;
    }

    private Object literal(String word, Object value) throws IOException {
        if (!text.startsWith(word, at)) {
            throw failure("unexpected text");
        }
        at += word.length();
        return value;
    }

    private void expect(char c) throws IOException {
        if (peek() != c) {
            throw failure("expected '" + c + "'");
        }
        at++;
    }

    /** The next character, or NUL at the end (never valid where a character is expected). */
    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private void skipWhitespace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private IOException failure(String what) {
        return new IOException(what + " at character " + at);
    }
}
