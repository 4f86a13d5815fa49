package io.beep.python.workers;

import com.fasterxml.jackson.databind.JsonNode;
import io.beep.python.PythonCallException;
import io.beep.python.testing.TestPython;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The binary data plane in process mode (issue 31): arrays cross the pipe as raw segments beside the JSON header.
 * The test CPython has no numpy, so the memoryview path runs everywhere; the numpy path runs in a venv with numpy
 * from the package index, and is skipped, printing why, when the index is not reachable.
 */
class ArrayCallsTest {

    private static final String MODULE = """
            import array, math, struct, time

            def nap(seconds):
                time.sleep(seconds)

            def describe(a):
                kind = type(a)
                if isinstance(a, memoryview):
                    fmt, writeable = a.format, not a.readonly
                else:
                    fmt, writeable = a.dtype.str, bool(a.flags.writeable)
                return {"type": f"{kind.__module__}.{kind.__qualname__}", "format": fmt, "writeable": writeable,
                        "values": [v if v == v and abs(v) != math.inf else repr(float(v)) for v in a.tolist()]}

            def doubled_first(a):
                if len(a):
                    a[0] = a[0] * 2  # in place: the argument is writeable
                return a

            def mixed(a, text, b, nested):
                return [len(a), text, len(b), nested]

            def classify(values):
                return ["nan" if math.isnan(v) else "inf" if v == math.inf else "-inf" if v == -math.inf else v for v in values]

            def non_numbers():
                return {"nan": float("nan"), "inf": float("inf"), "minus_inf": float("-inf")}

            def doubles_array(n):
                return array.array("d", [i + 0.5 for i in range(n)])

            def shorts():
                return array.array("h", [1, 2, 3])

            def matrix():
                return memoryview(bytearray(struct.pack("<6d", 1, 2, 3, 4, 5, 6))).cast("d", (2, 3))

            def blob(n):
                return bytes(range(256)) * (n // 256) + bytes(range(n % 256))

            def a_bytearray():
                return bytearray(b"\\x00\\xff\\x7f")

            def json_list():
                return [1, 2.5, -3]

            def text():
                return "not numbers"

            def empty_bytes():
                return b""

            def empty_doubles():
                return array.array("d")
            """;

    @TempDir
    Path dir;
    private final List<WorkerPool> pools = new ArrayList<>();

    @BeforeEach
    void writeModule() throws IOException {
        Files.writeString(dir.resolve("arr_mod.py"), MODULE);
        Files.writeString(dir.resolve("np_mod.py"), """
                import numpy as np

                def matrix():
                    return np.arange(6, dtype=np.float64).reshape(2, 3)

                def column():
                    return np.arange(6, dtype=np.float64).reshape(2, 3)[:, 1]

                def big_endian():
                    return np.array([1.5, -2.5], dtype=">f8")

                def int16():
                    return np.zeros((3, 4), dtype=np.int16)

                def floats():
                    return np.array([0.5, 1.5], dtype=np.float32)

                def int8():
                    return np.array([-1, 2], dtype=np.int8)

                def longs():
                    return np.array([2**62, -5], dtype=np.int64)

                def strings():
                    return np.array(["a", "b"])

                def with_nan():
                    return np.array([1.0, np.nan, np.inf])

                def total(a):
                    return float(a.sum())
                """);
    }

    @AfterEach
    void closePools() {
        pools.forEach(WorkerPool::close);
    }

    private WorkerPool pool(Path python, int maxMessageSize) {
        WorkerPool pool = new WorkerPool("arrays", python, Map.of(), new WorkerOptions(1, List.of(), Duration.ofSeconds(60),
                OptionalInt.empty(), 10, List.of(dir), maxMessageSize));
        pools.add(pool);
        return pool;
    }

    private WorkerPool pool() {
        return pool(TestPython.executable(), WorkerOptions.DEFAULT_MAX_MESSAGE_SIZE);
    }

    @Test
    void eachArrayTypeReachesPythonAsAWriteableMemoryviewOfItsFormatWithoutNumpy() {
        WorkerPool pool = pool();
        assertMemoryview(pool.call("arr_mod:describe", (Object) new double[] {1.5, -2.25}), "d", "[1.5,-2.25]");
        assertMemoryview(pool.call("arr_mod:describe", (Object) new float[] {0.5f, -1f}), "f", "[0.5,-1.0]");
        assertMemoryview(pool.call("arr_mod:describe", (Object) new long[] {Long.MIN_VALUE, Long.MAX_VALUE}), "q",
                "[" + Long.MIN_VALUE + "," + Long.MAX_VALUE + "]");
        assertMemoryview(pool.call("arr_mod:describe", (Object) new int[] {Integer.MIN_VALUE, 7}), "i", "[" + Integer.MIN_VALUE + ",7]");
        assertMemoryview(pool.call("arr_mod:describe", (Object) new byte[] {-1, 0, 127}), "B", "[255,0,127]");
        ByteBuffer direct = ByteBuffer.allocateDirect(5).put(new byte[] {9, 8, 7, 6, 5}).position(2);
        assertMemoryview(pool.call("arr_mod:describe", direct), "B", "[7,6,5]");
        assertThat(direct.position()).as("the caller's buffer is left as it was").isEqualTo(2);
        assertMemoryview(pool.call("arr_mod:describe", (Object) new double[0]), "d", "[]");
    }

    private static void assertMemoryview(JsonNode described, String format, String values) {
        assertThat(described.path("type").asText()).isEqualTo("builtins.memoryview");
        assertThat(described.path("format").asText()).isEqualTo(format);
        assertThat(described.path("writeable").asBoolean()).isTrue();
        assertThat(described.path("values").toString()).isEqualTo(values);
    }

    @Test
    void eachArrayTypeRoundTripsAsRawBytes() {
        WorkerPool pool = pool();
        assertThat(pool.call("arr_mod:doubled_first", double[].class, (Object) new double[] {1.5, Double.NaN, Double.NEGATIVE_INFINITY}))
                .containsExactly(3.0, Double.NaN, Double.NEGATIVE_INFINITY);
        assertThat(pool.call("arr_mod:doubled_first", float[].class, (Object) new float[] {2f, Float.POSITIVE_INFINITY}))
                .containsExactly(4f, Float.POSITIVE_INFINITY);
        assertThat(pool.call("arr_mod:doubled_first", long[].class, (Object) new long[] {1L << 40, Long.MIN_VALUE}))
                .containsExactly(1L << 41, Long.MIN_VALUE);
        assertThat(pool.call("arr_mod:doubled_first", int[].class, (Object) new int[] {-21, Integer.MAX_VALUE}))
                .containsExactly(-42, Integer.MAX_VALUE);
        assertThat(pool.call("arr_mod:doubled_first", byte[].class, (Object) new byte[] {3, -1})).containsExactly(6, -1);
        assertThat(pool.call("arr_mod:doubled_first", byte[].class, ByteBuffer.wrap(new byte[] {1, 2}))).containsExactly(2, 2);
        assertThat(pool.call("arr_mod:doubled_first", double[].class, (Object) new double[0])).isEmpty();
        assertThat(pool.call("arr_mod:doubled_first", byte[].class, (Object) new byte[0])).isEmpty();
    }

    @Test
    void bufferResultsBindToTheJavaArrayAskedFor() {
        WorkerPool pool = pool();
        assertThat(pool.call("arr_mod:doubles_array", double[].class, 3)).containsExactly(0.5, 1.5, 2.5);
        assertThat(pool.call("arr_mod:matrix", double[].class)).as("2-D, flattened in C order").containsExactly(1, 2, 3, 4, 5, 6);
        byte[] blob = pool.call("arr_mod:blob", byte[].class, 1000);
        assertThat(blob).hasSize(1000);
        assertThat(blob[255]).isEqualTo((byte) 255);
        assertThat(pool.call("arr_mod:a_bytearray", byte[].class)).containsExactly(0, -1, 127);
        assertThat(pool.call("arr_mod:empty_bytes", byte[].class)).isEmpty();
        assertThat(pool.call("arr_mod:empty_doubles", double[].class)).isEmpty();
        // Not a buffer: a JSON list of numbers still binds with Jackson, as before.
        assertThat(pool.call("arr_mod:json_list", double[].class)).containsExactly(1, 2.5, -3);
        assertThatThrownBy(() -> pool.call("arr_mod:text", double[].class)).isInstanceOfSatisfying(WorkerException.class, e -> {
            assertThat(e.reason()).isEqualTo(WorkerException.Reason.RESULT_NOT_BOUND);
            assertThat(e.getMessage()).contains("arr_mod:text").contains("[D");
        });
        // A JsonNode caller of bytes is told how to get them.
        assertThatThrownBy(() -> pool.call("arr_mod:blob", 3)).isInstanceOfSatisfying(PythonCallException.class,
                e -> assertThat(e.getMessage()).contains("bytes").contains("byte[].class"));
    }

    @Test
    void aDtypeThatDoesNotFitNamesTheCallableWhatCameAndWhatWasAsked() {
        WorkerPool pool = pool();
        assertThatThrownBy(() -> pool.call("arr_mod:shorts", double[].class)).isInstanceOfSatisfying(PythonCallException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("arr_mod:shorts returned an array.array of dtype int16, shape (3,); double[] needs dtype float64");
            assertThat(e.pythonType()).isEmpty();
        });
        assertThatThrownBy(() -> pool.call("arr_mod:blob", long[].class, 16)).isInstanceOfSatisfying(PythonCallException.class,
                e -> assertThat(e.getMessage()).contains("arr_mod:blob returned a bytes object of dtype uint8, shape (16,)").contains("long[] needs dtype int64"));
    }

    /** callInto (issue 31 finish): the caller's array filled from the start, the count returned; the same rules as in-process. */
    @Test
    void callIntoFillsTheCallersArrayAndRefusesWhatDoesNotFitLeavingItUntouched() {
        WorkerPool pool = pool();
        double[] into = {-1, -1, -1, -1, -1};
        assertThat(pool.callInto("arr_mod:doubles_array", into, 3)).isEqualTo(3);
        assertThat(into).containsExactly(0.5, 1.5, 2.5, -1, -1);
        assertThat(pool.callInto("arr_mod:doubled_first", into, (Object) new double[] {2, Double.NaN, Double.NEGATIVE_INFINITY, -0.0}))
                .isEqualTo(4);
        assertThat(into).containsExactly(4, Double.NaN, Double.NEGATIVE_INFINITY, -0.0, -1);
        assertThat(pool.callInto("arr_mod:empty_doubles", into)).isZero();
        assertThat(pool.callInto("arr_mod:matrix", new double[6])).as("2-D, flattened in C order").isEqualTo(6);
        double[] before = into.clone();
        assertThatThrownBy(() -> pool.callInto("arr_mod:doubles_array", into, 6)).isInstanceOfSatisfying(PythonCallException.class,
                e -> assertThat(e.getMessage()).isEqualTo(
                        "arr_mod:doubles_array returned 6 float64 elements, more than the 5 of the double[] given to callInto; nothing was copied"));
        assertThatThrownBy(() -> pool.callInto("arr_mod:shorts", into)).isInstanceOfSatisfying(PythonCallException.class,
                e -> assertThat(e.getMessage()).isEqualTo("arr_mod:shorts returned an array.array of dtype int16, shape (3,); double[] needs dtype float64"));
        assertThatThrownBy(() -> pool.callInto("arr_mod:blob", into, 8)).isInstanceOfSatisfying(PythonCallException.class,
                e -> assertThat(e.getMessage()).startsWith("arr_mod:blob returned a bytes object of dtype uint8").endsWith("double[] needs dtype float64"));
        // A JSON list binds to call(double[].class), never to callInto: that one is for buffers, in both modes.
        assertThatThrownBy(() -> pool.callInto("arr_mod:json_list", into)).isInstanceOfSatisfying(PythonCallException.class,
                e -> assertThat(e.getMessage()).isEqualTo("arr_mod:json_list returned a list; double[] needs dtype float64"));
        assertThat(into).as("untouched by the refusals").containsExactly(before);
        assertThatThrownBy(() -> pool.callInto("arr_mod:doubles_array", null, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("arr_mod:doubles_array");
    }

    /**
     * A blocking call writes its arrays from the caller's own array (no copy first); callAsync returns at once, so its arrays
     * are copied when it is called: a change made afterwards must not reach Python.
     */
    @Test
    void callAsyncSendsTheArrayAsItWasWhenCalled() throws Exception {
        WorkerPool pool = pool();
        pool.start();
        var busy = pool.callAsync("arr_mod:nap", 0.5);
        double[] values = {1, 2, 3};
        var described = pool.callAsync("arr_mod:describe", (Object) values);
        values[0] = 99; // the only worker still sleeps: the frame of the second call has not been written yet
        busy.toCompletableFuture().get();
        assertThat(described.toCompletableFuture().get().path("values").toString()).isEqualTo("[1.0,2.0,3.0]");
        assertThat(pool.call("arr_mod:describe", (Object) values).path("values").toString()).isEqualTo("[99.0,2.0,3.0]");
    }

    @Test
    void argumentsMixArraysAndJsonAndNestedArraysStayJson() {
        JsonNode mixed = pool().call("arr_mod:mixed", new double[] {1, 2, 3}, "text", new int[] {4}, Map.of("v", new double[] {1.5, 2}));
        assertThat(mixed.toString()).isEqualTo("[3,\"text\",1,{\"v\":[1.5,2.0]}]");
    }

    @Test
    void nanAndInfinityRoundTripAsJsonBothWays() {
        WorkerPool pool = pool();
        JsonNode result = pool.call("arr_mod:non_numbers");
        assertThat(result.path("nan").doubleValue()).isNaN();
        assertThat(result.path("inf").doubleValue()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(result.path("minus_inf").doubleValue()).isEqualTo(Double.NEGATIVE_INFINITY);
        JsonNode classified = pool.call("arr_mod:classify", List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.5));
        assertThat(classified.toString()).isEqualTo("[\"nan\",\"inf\",\"-inf\",1.5]");
        Map<?, ?> bound = pool.call("arr_mod:non_numbers", Map.class);
        assertThat((Double) bound.get("nan")).isNaN();
    }

    @Test
    void framesOverTheMessageLimitFailCleanlyWithRawSegments() {
        WorkerPool pool = pool(TestPython.executable(), 1024 * 1024);
        assertThat(pool.call("arr_mod:blob", byte[].class, 1_000_000)).as("under the limit").hasSize(1_000_000);
        long pid = pool.pids().get(0);
        assertThatThrownBy(() -> pool.call("arr_mod:describe", (Object) new double[140_000])).isInstanceOfSatisfying(WorkerException.class, e -> {
            assertThat(e.reason()).isEqualTo(WorkerException.Reason.MESSAGE_TOO_LARGE);
            assertThat(e.getMessage()).contains("The arguments of arr_mod:describe are 112").contains("JSON and raw arrays")
                    .contains("1 MiB (1048576 bytes)").contains("was not run");
        });
        assertThat(pool.pids()).containsExactly(pid);
        assertThatThrownBy(() -> pool.call("arr_mod:blob", byte[].class, 2_000_000)).isInstanceOfSatisfying(WorkerException.class, e -> {
            assertThat(e.reason()).isEqualTo(WorkerException.Reason.MESSAGE_TOO_LARGE);
            assertThat(e.getMessage()).contains("The result of arr_mod:blob is 2000").contains("1 MiB (1048576 bytes)").contains("is replaced");
        });
        assertThat(pool.call("arr_mod:doubled_first", double[].class, (Object) new double[] {2})).containsExactly(4);
    }

    @Test
    void withNumpyArgumentsAreWriteableArraysAndArraysBindFromTheirBytes() {
        WorkerPool pool = pool(NumpyVenv.python(), WorkerOptions.DEFAULT_MAX_MESSAGE_SIZE);
        JsonNode described = pool.call("arr_mod:describe", (Object) new double[] {1.5, Double.NaN});
        assertThat(described.path("type").asText()).isEqualTo("numpy.ndarray");
        assertThat(described.path("format").asText()).isEqualTo("<f8");
        assertThat(described.path("writeable").asBoolean()).isTrue();
        assertThat(described.path("values").toString()).isEqualTo("[1.5,\"nan\"]");
        assertThat(pool.call("arr_mod:describe", (Object) new int[] {1}).path("format").asText()).isEqualTo("<i4");
        assertThat(pool.call("arr_mod:describe", ByteBuffer.wrap(new byte[] {1})).path("format").asText()).isEqualTo("|u1");
        assertThat(pool.call("np_mod:total", (Object) new double[] {1, 2, 3.5}).doubleValue()).isEqualTo(6.5);
        assertThat(pool.call("arr_mod:doubled_first", long[].class, (Object) new long[] {3, 4})).containsExactly(6, 4);

        assertThat(pool.call("np_mod:matrix", double[].class)).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(pool.call("np_mod:column", double[].class)).as("a strided view, made contiguous").containsExactly(1, 4);
        assertThat(pool.call("np_mod:big_endian", double[].class)).containsExactly(1.5, -2.5);
        assertThat(pool.call("np_mod:floats", float[].class)).containsExactly(0.5f, 1.5f);
        assertThat(pool.call("np_mod:int8", byte[].class)).containsExactly(-1, 2);
        assertThat(pool.call("np_mod:longs", long[].class)).containsExactly(1L << 62, -5);
        assertThat(pool.call("np_mod:with_nan", double[].class)).containsExactly(1.0, Double.NaN, Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> pool.call("np_mod:int16", double[].class)).isInstanceOfSatisfying(PythonCallException.class,
                e -> assertThat(e.getMessage()).isEqualTo(
                        "np_mod:int16 returned a numpy.ndarray of dtype int16, shape (3, 4); double[] needs dtype float64"));
        assertThatThrownBy(() -> pool.call("np_mod:strings", int[].class)).isInstanceOfSatisfying(PythonCallException.class,
                e -> assertThat(e.getMessage()).contains("np_mod:strings returned a numpy.ndarray of dtype str").contains("int[] needs dtype int32"));
        double[] into = new double[4];
        assertThat(pool.callInto("np_mod:with_nan", into)).isEqualTo(3);
        assertThat(into).containsExactly(1.0, Double.NaN, Double.POSITIVE_INFINITY, 0);
        assertThat(pool.callInto("np_mod:column", into)).as("a strided view, made contiguous").isEqualTo(2);
        assertThatThrownBy(() -> pool.callInto("np_mod:int16", new double[12])).isInstanceOfSatisfying(PythonCallException.class,
                e -> assertThat(e.getMessage()).isEqualTo(
                        "np_mod:int16 returned a numpy.ndarray of dtype int16, shape (3, 4); double[] needs dtype float64"));
        assertThatThrownBy(() -> pool.callInto("np_mod:matrix", new double[5])).isInstanceOfSatisfying(PythonCallException.class,
                e -> assertThat(e.getMessage()).startsWith("np_mod:matrix returned 6 float64 elements, more than the 5"));
        // A JsonNode caller still gets the array as JSON (tolist), NaN included.
        assertThat(pool.call("np_mod:matrix").toString()).isEqualTo("[[0.0,1.0,2.0],[3.0,4.0,5.0]]");
        assertThat(pool.call("np_mod:with_nan").get(1).doubleValue()).isNaN();
    }
}
