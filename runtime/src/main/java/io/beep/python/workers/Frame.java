package io.beep.python.workers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
record Frame(byte[] header, List<Segment> segments) {

    /** Copied in chunks from a direct buffer or a borrowed array (a heap buffer is written straight from its array). */
    private static final int CHUNK = 64 * 1024;

    /**
     * One raw segment: bytes already made, or the caller's own array ({@code type} and {@code array}), written in
     * little-endian chunks as the frame goes out. Borrowing spares a blocking call the 8 MB copy of a 1,000,000-double
     * argument (and the JVM's second copy of it for {@code write}); the caller waits until the frame is written.
     */
    record Segment(ByteBuffer bytes, ArrayType type, Object array) {

        static Segment of(ByteBuffer bytes) {
            return new Segment(bytes, null, null);
        }

        long length() {
            return bytes != null ? bytes.remaining() : (long) java.lang.reflect.Array.getLength(array) * type.itemSize();
        }
    }

    static Frame json(byte[] header) {
        return new Frame(header, List.of());
    }

    /**
     * A call's request: {@code {"id", "callable", "args"}}, each argument of an {@link ArrayType} moved to a segment of its
     * own (its place in {@code args} is {@code null}, its descriptor's {@code "arg"} names the place), and {@code "want"}: the
     * dtype of the array result type asked for, which tells the worker to answer a buffer as raw bytes instead of JSON.
     * Arrays inside a map or list argument stay JSON (lists of numbers, as Jackson writes them). With {@code borrow}
     * (a caller that waits for the answer) Java arrays are written from the caller's array itself; without it (callAsync:
     * the caller may change its array at once) they are copied now. {@code "traceparent"}, when the call has one
     * ({@link CallTraceparent}), is the W3C trace context the call runs with.
     */
    static Frame request(ObjectMapper json, long id, String callable, Object[] args, ArrayType want, boolean borrow)
            throws JsonProcessingException {
        Object[] jsonArgs = args == null ? new Object[0] : args.clone();
        List<Map<String, Object>> arrays = new ArrayList<>();
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < jsonArgs.length; i++) {
            Object argument = jsonArgs[i];
            ArrayType type = ArrayType.ofArgument(argument).orElse(null);
            if (type != null) {
                Segment segment = borrow && !(argument instanceof ByteBuffer) ? new Segment(null, type, argument)
                        : Segment.of(type.toBytes(argument));
                long length = segment.length();
                Map<String, Object> descriptor = new LinkedHashMap<>(5);
                descriptor.put("arg", i);
                descriptor.put("dtype", type.dtype());
                descriptor.put("shape", List.of(length / type.itemSize()));
                descriptor.put("length", length);
                arrays.add(descriptor);
                segments.add(segment);
                jsonArgs[i] = null;
            }
        }
        Map<String, Object> request = new LinkedHashMap<>(8);
        request.put("id", id);
        request.put("callable", callable);
        request.put("args", jsonArgs);
        if (!arrays.isEmpty()) {
            request.put("arrays", arrays);
        }
        if (want != null) {
            request.put("want", want.dtype());
        }
        // Optional: the caller's W3C trace context, which worker.py sets as beep_python.traceparent for the call.
        String traceparent = CallTraceparent.current();
        if (traceparent != null) {
            request.put("traceparent", traceparent);
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
        for (Segment segment : segments) {
            length += segment.length();
        }
        return length;
    }

    /** Writes the frame; {@code scratch} is the writer's own buffer for chunks ({@link #CHUNK} bytes or more), reused across frames. */
    void writeTo(OutputStream out, byte[] scratch) throws IOException {
        long length = length();
        byte[] prefix = new byte[8];
        putInt(prefix, 0, (int) length);
        putInt(prefix, 4, header.length);
        out.write(prefix);
        out.write(header);
        for (Segment segment : segments) {
            if (segment.bytes() == null) {
                writeArray(out, segment.type(), segment.array(), scratch);
                continue;
            }
            ByteBuffer bytes = segment.bytes().duplicate();
            if (bytes.hasArray()) {
                out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            } else {
                while (bytes.hasRemaining()) {
                    int n = Math.min(scratch.length, bytes.remaining());
                    bytes.get(scratch, 0, n);
                    out.write(scratch, 0, n);
                }
            }
        }
        out.flush();
    }

    /** A new scratch buffer for {@link #writeTo}. */
    static byte[] scratch() {
        return new byte[CHUNK];
    }

    /** The caller's array as little-endian bytes, a chunk at a time through {@code scratch}. */
    private static void writeArray(OutputStream out, ArrayType type, Object array, byte[] scratch) throws IOException {
        if (array instanceof byte[] bytes) {
            out.write(bytes);
            return;
        }
        ByteBuffer chunk = ByteBuffer.wrap(scratch).order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = scratch.length / type.itemSize();
        int total = java.lang.reflect.Array.getLength(array);
        for (int from = 0; from < total; from += perChunk) {
            int n = Math.min(perChunk, total - from);
            chunk.clear();
            switch (type) {
                case FLOAT64 -> chunk.asDoubleBuffer().put((double[]) array, from, n);
                case FLOAT32 -> chunk.asFloatBuffer().put((float[]) array, from, n);
                case INT64 -> chunk.asLongBuffer().put((long[]) array, from, n);
                case INT32 -> chunk.asIntBuffer().put((int[]) array, from, n);
                case UINT8 -> throw new IllegalStateException("byte[] is written as it is");
            }
            out.write(scratch, 0, n * type.itemSize());
        }
    }

    private static void putInt(byte[] into, int at, int value) {
        into[at] = (byte) (value >>> 24);
        into[at + 1] = (byte) (value >>> 16);
        into[at + 2] = (byte) (value >>> 8);
        into[at + 3] = (byte) value;
    }
}
