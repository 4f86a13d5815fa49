package io.beep.python.bootstrap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one shape of the bootstrap's small JSON files (the warm-start marker, a baked environment's
 * description): string fields, a {@code runtime} object and a {@code packages} object. Read and
 * written with Jackson's streaming API rather than data binding: they sit on the warm and baked
 * paths, where a fresh JVM's first {@code ObjectMapper} costs more than the file's whole read.
 */
record MarkerJson(Map<String, String> fields, Map<String, String> runtime, Map<String, String> packages) {

    private static final JsonFactory JSON = new JsonFactory();

    static MarkerJson read(Path file) throws IOException {
        Map<String, String> fields = new HashMap<>();
        Map<String, String> runtime = new HashMap<>();
        Map<String, String> packages = new TreeMap<>();
        try (JsonParser parser = JSON.createParser(file.toFile())) {
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

    /** Fields in the order given, then {@code runtime}, then {@code packages} sorted by name; a field without a value is left out. */
    byte[] bytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.useDefaultPrettyPrinter();
            out.writeStartObject();
            for (Map.Entry<String, String> field : fields.entrySet()) {
                if (field.getValue() != null) {
                    out.writeStringField(field.getKey(), field.getValue());
                }
            }
            writeObject(out, "runtime", runtime);
            writeObject(out, "packages", new TreeMap<>(packages));
            out.writeEndObject();
        }
        return bytes.toByteArray();
    }

    /** An insertion-ordered field map, for {@link #bytes()}. */
    static Map<String, String> orderedFields() {
        return new LinkedHashMap<>();
    }

    private static void writeObject(JsonGenerator out, String name, Map<String, String> values) throws IOException {
        out.writeObjectFieldStart(name);
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (entry.getValue() != null) {
                out.writeStringField(entry.getKey(), entry.getValue());
            }
        }
        out.writeEndObject();
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
