package io.beep.python.bootstrap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one shape of the bootstrap's small JSON files (the warm-start marker, a baked environment's
 * description): string fields, a {@code runtime} object and a {@code packages} object. Read and
 * written with Jackson's streaming API rather than data binding: they sit on the warm and baked
 * paths, where a fresh JVM's first {@code ObjectMapper} (some 200-300 ms) is not worth it.
 */
record MarkerJson(Map<String, String> fields, Map<String, String> runtime, Map<String, String> packages) {

    /** Made on the first read (a warm start): writing, at the end of every cold one, needs no Jackson. */
    private static final class Parsers {
        static final JsonFactory JSON = new JsonFactory();
    }

    static MarkerJson read(Path file) throws IOException {
        Map<String, String> fields = new HashMap<>();
        Map<String, String> runtime = new HashMap<>();
        Map<String, String> packages = new TreeMap<>();
        try (JsonParser parser = Parsers.JSON.createParser(file.toFile())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (parser.nextToken() == JsonToken.START_OBJECT) {
                    readObject(parser, name.equals("runtime") ? runtime : name.equals("packages") ? packages : new HashMap<>());
                } else {
                    fields.put(name, parser.getValueAsString());
                }
            }
        }
        return new MarkerJson(fields, runtime, packages);
    }

    /**
     * Fields in the order given, then {@code runtime}, then {@code packages} sorted by name; pretty-printed as Jackson
     * did. Written by hand: every value is a string, and the generator's first use (its classes, a pretty printer) cost
     * a fresh JVM ~10 ms at the end of every new environment's path.
     */
    byte[] bytes() {
        StringBuilder out = new StringBuilder(1024).append('{');
        String separator = "\n";
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (field.getValue() != null) {
                out.append(separator).append("  ");
                pair(out, field.getKey(), field.getValue());
                separator = ",\n";
            }
        }
        out.append(separator).append("  ");
        object(out, "runtime", runtime);
        out.append(",\n  ");
        object(out, "packages", new TreeMap<>(packages));
        return out.append("\n}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void object(StringBuilder out, String name, Map<String, String> values) {
        string(out, name).append(" : {");
        String separator = "\n";
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (entry.getValue() != null) {
                out.append(separator).append("    ");
                pair(out, entry.getKey(), entry.getValue());
                separator = ",\n";
            }
        }
        out.append(separator.equals("\n") ? " }" : "\n  }");
    }

    private static void pair(StringBuilder out, String name, String value) {
        string(out, name).append(" : ");
        string(out, value);
    }

    /** A JSON string: quotes, backslashes and control characters escaped (RFC 8259), everything else as it is. */
    static StringBuilder string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    /** An insertion-ordered field map, for {@link #bytes()}. */
    static Map<String, String> orderedFields() {
        return new LinkedHashMap<>();
    }

    private static void readObject(JsonParser parser, Map<String, String> into) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            if (parser.nextToken().isStructStart()) {
                parser.skipChildren();
            } else {
                into.put(name, parser.getValueAsString());
            }
        }
    }
}
