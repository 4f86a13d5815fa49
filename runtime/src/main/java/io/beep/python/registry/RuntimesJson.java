package io.beep.python.registry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code runtimes.json} to and from {@link RuntimesDocument}, and the probe's line to {@link ProbeResult}, with
 * Jackson's streaming API: every
 * bootstrap that picks an interpreter reads this file, and a fresh JVM's first {@code ObjectMapper}
 * (class loading and record introspection) would be most of that start's cost.
 * The file is what data binding wrote before: the records' component names, nulls left out,
 * unknown fields ignored, pretty-printed.
 */
final class RuntimesJson {

    /** The text is JSON but not a registry document (a field of the wrong type, an unknown enum constant). */
    static final class UnexpectedContent extends IOException {
        UnexpectedContent(String message) {
            super(message);
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    private RuntimesJson() {
    }

    /** The top-level object as plain maps, lists and scalars; null for a document that is no object. */
    static Map<String, Object> readObject(byte[] text) throws IOException {
        try (JsonParser parser = JSON.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                return null;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> root = (Map<String, Object>) value(parser);
            if (parser.nextToken() != null) {
                throw new UnexpectedContent("text after the document");
            }
            return root;
        }
    }

    /** The document in {@code root} (from {@link #readObject}). */
    static RuntimesDocument document(Map<String, Object> root) throws UnexpectedContent {
        Object list = root.get("runtimes");
        List<RuntimeEntry> entries = new ArrayList<>();
        if (list != null) {
            if (!(list instanceof List<?> items)) {
                throw new UnexpectedContent("'runtimes' is not a list");
            }
            for (Object item : items) {
                if (item == null) {
                    entries.add(null);
                } else if (item instanceof Map<?, ?> fields) {
                    entries.add(entry(fields));
                } else {
                    throw new UnexpectedContent("an entry of 'runtimes' is not an object");
                }
            }
        }
        return new RuntimesDocument(text(root, "schemaVersion"), text(root, "defaultRuntime"), entries);
    }

    /**
     * Reads and writes a small document once, so that the streaming parser's and generator's classes are loaded (in
     * a fresh JVM their first use is class loading and verification).
     */
    static void warmUp() {
        try {
            write(document(readObject("{\"schemaVersion\":\"1\",\"runtimes\":[{\"id\":\"x\",\"size\":1}]}"
                    .getBytes(StandardCharsets.UTF_8))));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a constant, valid document
        }
    }

    static byte[] write(RuntimesDocument document) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator out = JSON.createGenerator(bytes).useDefaultPrettyPrinter()) {
            out.writeStartObject();
            field(out, "schemaVersion", document.schemaVersion());
            field(out, "defaultRuntime", document.defaultRuntime());
            out.writeArrayFieldStart("runtimes");
            for (RuntimeEntry e : document.runtimes()) {
                out.writeStartObject();
                field(out, "id", e.id());
                field(out, "name", e.name());
                field(out, "type", e.type() == null ? null : e.type().name());
                field(out, "source", e.source());
                field(out, "status", e.status() == null ? null : e.status().name());
                field(out, "executable", e.executable());
                field(out, "key", e.key());
                field(out, "realPath", e.realPath());
                out.writeNumberField("size", e.size());
                out.writeNumberField("modified", e.modified());
                field(out, "version", e.version());
                field(out, "implementation", e.implementation());
                field(out, "architecture", e.architecture());
                field(out, "prefix", e.prefix());
                field(out, "basePrefix", e.basePrefix());
                field(out, "stdlib", e.stdlib());
                out.writeBooleanField("externallyManaged", e.externallyManaged());
                field(out, "pipVersion", e.pipVersion());
                field(out, "lastChecked", e.lastChecked());
                field(out, "error", e.error());
                out.writeBooleanField("registered", e.registered());
                out.writeBooleanField("freethreaded", e.freethreaded());
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        }
        return bytes.toByteArray();
    }

    private static RuntimeEntry entry(Map<?, ?> f) throws UnexpectedContent {
        return new RuntimeEntry(text(f, "id"), text(f, "name"), constant(PythonRuntimeType.class, text(f, "type")), text(f, "source"),
                constant(PythonRuntimeStatus.class, text(f, "status")), text(f, "executable"), text(f, "key"), text(f, "realPath"),
                number(f, "size"), number(f, "modified"), text(f, "version"), text(f, "implementation"), text(f, "architecture"),
                text(f, "prefix"), text(f, "basePrefix"), text(f, "stdlib"), flag(f, "externallyManaged"), text(f, "pipVersion"),
                text(f, "lastChecked"), text(f, "error"), flag(f, "registered"), flag(f, "freethreaded"));
    }

    private static Object value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    fields.put(name, value(parser));
                }
                return fields;
            }
            case START_ARRAY -> {
                List<Object> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(parser));
                }
                return items;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT -> {
                return parser.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return parser.getDoubleValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return token == JsonToken.VALUE_TRUE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new UnexpectedContent("unexpected " + token);
        }
    }

    static String text(Map<?, ?> fields, String name) throws UnexpectedContent {
        Object value = fields.get(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString(); // as data binding coerced scalars
        }
        throw new UnexpectedContent("'" + name + "' is not text");
    }

    private static long number(Map<?, ?> fields, String name) throws UnexpectedContent {
        Object value = fields.get(name);
        if (value == null) {
            return 0;
        }
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                throw new UnexpectedContent("'" + name + "' is not a number: " + s);
            }
        }
        throw new UnexpectedContent("'" + name + "' is not a whole number");
    }

    static boolean flag(Map<?, ?> fields, String name) throws UnexpectedContent {
        Object value = fields.get(name);
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean((String) value);
        }
        throw new UnexpectedContent("'" + name + "' is not true or false");
    }

    private static <E extends Enum<E>> E constant(Class<E> type, String name) throws UnexpectedContent {
        if (name == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new UnexpectedContent("unknown " + type.getSimpleName() + " '" + name + "'");
        }
    }

    private static void field(JsonGenerator out, String name, String value) throws IOException {
        if (value != null) {
            out.writeStringField(name, value);
        }
    }
}
