package io.beep.python.workers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One message on a worker's channel: {@code u32 N | u32 H | H bytes of UTF-8 JSON header | raw segments},
 * big-endian lengths, {@code N} counting everything after itself. The header's {@code "arrays"} list
 * describes the segments in order ({@code {"dtype", "shape", "length"}}, plus {@code "arg"}: the
 * argument position it fills, in a request), so arrays cross the pipe as their own bytes: no text, no
 * base64. {@code N} is what {@link MessageLimit} checks, so the limit covers the JSON and the arrays.
 */
record Frame(byte[] header, List<ByteBuffer> segments) {

    /** Copied in chunks from a direct buffer (a heap buffer is written straight from its array). */
    private static final int CHUNK = 64 * 1024;

    static Frame json(byte[] header) {
        return new Frame(header, List.of());
    }

    /**
     * A call's request: {@code {"id", "callable", "args"}}, each argument of an {@link ArrayType} moved to a segment of its
     * own (its place in {@code args} is {@code null}, its descriptor's {@code "arg"} names the place), and {@code "want"}: the
     * dtype of the array result type asked for, which tells the worker to answer a buffer as raw bytes instead of JSON.
     * Arrays inside a map or list argument stay JSON (lists of numbers, as Jackson writes them).
     */
    static Frame request(ObjectMapper json, long id, String callable, Object[] args, ArrayType want) throws JsonProcessingException {
        Object[] jsonArgs = args == null ? new Object[0] : args.clone();
        List<Map<String, Object>> arrays = new ArrayList<>();
        List<ByteBuffer> segments = new ArrayList<>();
        for (int i = 0; i < jsonArgs.length; i++) {
            Object argument = jsonArgs[i];
            ArrayType type = ArrayType.ofArgument(argument).orElse(null);
            if (type != null) {
                ByteBuffer bytes = type.toBytes(argument);
                Map<String, Object> descriptor = new LinkedHashMap<>(5);
                descriptor.put("arg", i);
                descriptor.put("dtype", type.dtype());
                descriptor.put("shape", List.of(bytes.remaining() / type.itemSize()));
                descriptor.put("length", bytes.remaining());
                arrays.add(descriptor);
                segments.add(bytes);
                jsonArgs[i] = null;
            }
        }
        Map<String, Object> request = new LinkedHashMap<>(6);
        request.put("id", id);
        request.put("callable", callable);
        request.put("args", jsonArgs);
        if (!arrays.isEmpty()) {
            request.put("arrays", arrays);
        }
        if (want != null) {
            request.put("want", want.dtype());
        }
        return new Frame(json.writeValueAsBytes(request), segments);
    }

    /**
     * An array result as it came ({@code "array": i} in the answer: segment i), bound to the Java type asked for by
     * {@link WorkerPool}. It reaches the caller inside a {@code POJONode}, so the dispatcher's futures keep one type; a tree
     * parsed from JSON never holds one.
     */
    record RawArray(String pythonType, String dtype, JsonNode shape, ByteBuffer bytes) {

        /** {@code a numpy.ndarray of dtype int16, shape (3, 4)}, for {@link ArrayType#mismatch}. */
        String describe() {
            List<String> dims = new ArrayList<>();
            shape.forEach(d -> dims.add(d.asText()));
            String tuple = dims.size() == 1 ? "(" + dims.get(0) + ",)" : "(" + String.join(", ", dims) + ")";
            String article = "aeiou".indexOf(Character.toLowerCase(pythonType.charAt(0))) >= 0 ? "an " : "a ";
            return article + pythonType + " of dtype " + dtype + ", shape " + tuple;
        }
    }

    /** The length prefix: the header's own length field, the header, and every segment. */
    long length() {
        long length = 4L + header.length;
        for (ByteBuffer segment : segments) {
            length += segment.remaining();
        }
        return length;
    }

    void writeTo(OutputStream out) throws IOException {
        long length = length();
        byte[] prefix = new byte[8];
        putInt(prefix, 0, (int) length);
        putInt(prefix, 4, header.length);
        out.write(prefix);
        out.write(header);
        for (ByteBuffer segment : segments) {
            ByteBuffer bytes = segment.duplicate();
            if (bytes.hasArray()) {
                out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            } else {
                byte[] chunk = new byte[Math.min(CHUNK, bytes.remaining())];
                while (bytes.hasRemaining()) {
                    int n = Math.min(chunk.length, bytes.remaining());
                    bytes.get(chunk, 0, n);
                    out.write(chunk, 0, n);
                }
            }
        }
        out.flush();
    }

    private static void putInt(byte[] into, int at, int value) {
        into[at] = (byte) (value >>> 24);
        into[at + 1] = (byte) (value >>> 16);
        into[at + 2] = (byte) (value >>> 8);
        into[at + 3] = (byte) value;
    }
}
