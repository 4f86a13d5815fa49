package io.beep.python.inprocess;

import io.beep.python.PythonCallException;
import io.beep.python.ProcessResult;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.registry.PythonRuntimeInfo;
import io.beep.python.registry.PythonRuntimeStatus;
import io.beep.python.registry.PythonRuntimeType;
import io.beep.python.testing.LogRecords;
import io.beep.python.testing.RealPackageIndex;
import io.beep.python.testing.TestPython;
import io.beep.python.workers.CallTimedOutException;
import io.beep.python.workers.WorkerException;
import io.beep.python.workers.WorkerMode;
import io.beep.python.workers.WorkerOptions;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython loaded into this test JVM from the real test interpreter's own files, serving one real venv
 * (CPython loads once per JVM: every test shares environment "inproc"; the refusals need no loading and
 * hold whatever ran before).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InProcessWorkersTest {

    static final String ENV = "inproc";
    static Path root;
    static Path src;
    static Path sitePackages;
    static InProcessWorkers workers;

    static final String MODULE = """
            import sys, time
            def add(a, b):
                return a + b
            def echo(x):
                return x
            def fail(text):
                raise ValueError(text)
            def leave():
                sys.exit(3)
            def spin():
                while True:
                    pass
            def nan():
                return {"nan": float("nan"), "inf": float("inf"), "ninf": float("-inf"), "s": {1}}
            def kind(x):
                return [type(x).__name__, len(x), sum(x)]
            def numpy_loaded():
                return "numpy" in sys.modules
            def make(fmt, n):
                import array
                return array.array(fmt, range(n))
            def shout(text):
                print(text)
                print("err " + text, file=sys.stderr)
                return None
            def np_kind(x):
                return [type(x).__name__, str(x.dtype), x.tolist()]
            def np_make(dtype, shape):
                import numpy
                return numpy.arange(12).astype(dtype).reshape(shape)
            def np_strided():
                import numpy
                return numpy.arange(10.0)[::2]
            def np_json():
                import numpy
                return {"scalar": numpy.float64(1.5), "array": numpy.array([1.0, numpy.nan]), "i": numpy.int32(4)}
            def blocks():
                return sys.getallocatedblocks()
            def where():
                return [sys.prefix, sys.path]
            """;

    @BeforeAll
    static void environment() throws IOException {
        root = TestPython.buildScratch("beep-inprocess");
        src = Files.createDirectories(root.resolve("src"));
        Files.writeString(src.resolve("calls.py"), MODULE);
        ProcessResult made = new ProcessRunner().run(ProcessSpec.of(TestPython.executable().toString(), "-m", "venv", "--without-pip",
                root.resolve("venv").toString()).withTimeout(Duration.ofMinutes(2)));
        assertTrue(made.ok(), made.stderr());
        sitePackages = root.resolve("venv/lib/python3.13/site-packages");
        Files.writeString(sitePackages.resolve("extra.pth"), root.resolve("pth-dir") + "\n");
        Files.createDirectories(root.resolve("pth-dir"));
        Files.writeString(root.resolve("pth-dir/viapth.py"), "def hello():\n    return 'from pth'\n");
        workers = InProcessWorkers.open(ENV, bytedeco(), sitePackages, options(Duration.ofSeconds(30)));
    }

    @AfterAll
    static void close() throws IOException {
        if (workers != null) {
            workers.close();
        }
        // The loaded interpreter keeps what it imported in memory; its files can go.
        io.beep.python.fs.FileTrees.delete(root);
    }

    static WorkerOptions options(Duration timeout) {
        return new WorkerOptions(4, List.of(), timeout, OptionalInt.empty(), 8, List.of(src)).withMode(WorkerMode.IN_PROCESS);
    }

    static PythonRuntimeInfo runtime(Path executable, String version, Path prefix) {
        return new PythonRuntimeInfo("cpython-test", "CPython " + version, PythonRuntimeType.EMBEDDED, "managed", PythonRuntimeStatus.READY,
                executable, version, "cpython", "x86_64", prefix, prefix, false, Optional.empty(), Instant.now(), Optional.empty());
    }

    static PythonRuntimeInfo bytedeco() {
        return runtime(TestPython.executable(), TestPython.VERSION, TestPython.installDir());
    }

    @Test
    void anInterpreterWithoutTheBindingsLibrariesIsRefusedNamingItAndWhatWorks() throws IOException {
        Path fake = Files.createDirectories(root.resolve("standalone/bin"));
        PythonRuntimeInfo other = runtime(fake.resolve("python3"), TestPython.VERSION, fake.getParent());
        Optional<String> why = InProcessWorkers.refusal(other);
        assertTrue(why.isPresent());
        assertTrue(why.get().contains(fake.resolve("python3").toString()) && why.get().contains("is not the bytedeco build")
                && why.get().contains("process mode"), why.get());
        InProcessException e = assertThrows(InProcessException.class, () -> InProcessWorkers.open(ENV, other, sitePackages, options(Duration.ZERO)));
        assertEquals(Optional.of(fake.resolve("python3").toString()), e.input());
        assertTrue(InProcessWorkers.refusal(bytedeco()).isEmpty(), () -> InProcessWorkers.refusal(bytedeco()).get());
    }

    /** As worker.py does: the call's traceparent is beep_python.traceparent during the call only; a traced call's own failure stays its own. */
    @Test
    void aTracedCallRunsWithItsTraceparentAsTheContextVariable() throws Exception {
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        assertEquals(traceparent, io.beep.python.workers.CallTraceparent.with(traceparent,
                () -> workers.call("beep_python:traceparent.get")).asText());
        assertEquals(traceparent, io.beep.python.workers.CallTraceparent.with(traceparent,
                () -> workers.callAsync("beep_python:traceparent.get")).toCompletableFuture().get(1, TimeUnit.MINUTES).asText());
        assertTrue(workers.call("beep_python:traceparent.get").isNull(), "an untraced call sees no trace");
        PythonCallException failed = assertThrows(PythonCallException.class, () -> io.beep.python.workers.CallTraceparent.with(traceparent,
                () -> workers.call("calls:fail", "boom")));
        assertTrue(failed.getMessage().contains("boom"), failed.getMessage());
        assertTrue(workers.call("beep_python:traceparent.get").isNull(), "a failed traced call resets the trace");
    }

    @Test
    void anotherVersionIsRefused() {
        PythonRuntimeInfo old = runtime(Path.of("/usr/bin/python3"), "3.11.2", Path.of("/usr"));
        String why = InProcessWorkers.refusal(old).orElseThrow();
        assertTrue(why.contains("/usr/bin/python3") && why.contains("3.11.2") && why.contains("3.13.5-1.5.12"), why);
    }

    @Test
    void aSecondEnvironmentIsRefusedNamingTheLoadedOneAndTheSameOneReopens() {
        InProcessException e = assertThrows(InProcessException.class, () -> InProcessWorkers.open("other", bytedeco(), sitePackages,
                options(Duration.ZERO)));
        assertTrue(e.getMessage().contains("'" + ENV + "'") && e.getMessage().contains("one in-process environment per JVM"), e.getMessage());
        try (InProcessWorkers again = InProcessWorkers.open(ENV, bytedeco(), sitePackages, options(Duration.ZERO))) {
            assertEquals(5, again.call("calls:add", 2, 3).asInt());
        }
        assertEquals(7, workers.call("calls:add", 3, 4).asInt());
        // After a close the interpreter is still the first environment's (its modules stay imported): still refused.
        InProcessException afterClose = assertThrows(InProcessException.class, () -> InProcessWorkers.open("other", bytedeco(), sitePackages,
                options(Duration.ZERO)));
        assertTrue(afterClose.getMessage().contains("'" + ENV + "'") && afterClose.getMessage().contains("'other'")
                && afterClose.getMessage().contains(bytedeco().executable().toString()), afterClose.getMessage());
    }

    @Test
    void sysPathIsTheWorkersOnePthFilesIncluded() {
        assertEquals("from pth", workers.call("viapth:hello").asText());
        JsonNode where = workers.call("calls:where");
        assertEquals(root.resolve("venv").toString(), where.get(0).asText());
        assertEquals(src.toString(), where.get(1).get(0).asText());
    }

    @Test
    void sixteenThreadsTenThousandCallsEachGetTheirOwnResults() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    int matched = 0;
                    for (int i = 0; i < 10_000; i++) {
                        String mine = "t" + thread + "-" + i;
                        assertEquals(mine, workers.call("calls:echo", mine).asText());
                        assertEquals(thread * 100_000L + i, workers.call("calls:add", thread * 100_000L, i).asLong());
                        matched++;
                    }
                    return matched;
                }));
            }
            for (Future<Integer> f : done) {
                assertEquals(10_000, f.get(5, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPythonExceptionComesWithTypeMessageAndTraceback() {
        PythonCallException e = assertThrows(PythonCallException.class, () -> workers.call("calls:fail", "bad input"));
        assertEquals(Optional.of("builtins.ValueError"), e.pythonType());
        assertEquals(Optional.of("bad input"), e.pythonMessage());
        assertTrue(e.traceback().orElseThrow().contains("raise ValueError(text)"), e.traceback().orElse(""));
        assertTrue(e.getMessage().contains("calls:fail raised builtins.ValueError: bad input"), e.getMessage());
        PythonCallException missing = assertThrows(PythonCallException.class, () -> workers.call("calls:nothing"));
        assertEquals(Optional.of("builtins.AttributeError"), missing.pythonType());
    }

    @Test
    void sysExitIsACallExceptionNotAJvmExit() {
        PythonCallException e = assertThrows(PythonCallException.class, () -> workers.call("calls:leave"));
        assertEquals(Optional.of("builtins.SystemExit"), e.pythonType());
        assertEquals(3, workers.call("calls:add", 1, 2).asInt());
    }

    @Test
    @Timeout(120)
    void anEndlessLoopIsInterruptedAtItsTimeLimitAndTheEngineGoesOn() {
        try (InProcessWorkers limited = InProcessWorkers.open(ENV, bytedeco(), sitePackages, options(Duration.ofMillis(500)))) {
            long start = System.nanoTime();
            CallTimedOutException e = assertThrows(CallTimedOutException.class, () -> limited.call("calls:spin"));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis >= 450 && millis < 5_000, millis + " ms");
            assertTrue(e.getMessage().contains("calls:spin") && e.getMessage().contains("interrupted"), e.getMessage());
            for (int i = 0; i < 1000; i++) {
                assertEquals(i + 1, limited.call("calls:add", i, 1).asInt());
            }
            assertEquals(1, limited.stats().failures());
        }
    }

    @Test
    void nanAndInfinityRoundTripAndSetsBecomeLists() {
        JsonNode r = workers.call("calls:nan");
        assertTrue(Double.isNaN(r.get("nan").asDouble()));
        assertEquals(Double.POSITIVE_INFINITY, r.get("inf").asDouble());
        assertEquals(Double.NEGATIVE_INFINITY, r.get("ninf").asDouble());
        assertEquals(1, r.get("s").get(0).asInt());
        assertTrue(Double.isNaN(workers.call("calls:echo", Double.NaN).asDouble()));
        assertEquals(Map.of("k", List.of(1, 2)), workers.call("calls:echo", Map.class, Map.of("k", List.of(1, 2))));
        assertTrue(workers.call("calls:echo", (Object) null).isNull());
        assertTrue(workers.call("calls:echo", true).asBoolean());
        assertEquals("ünï ✓", workers.call("calls:echo", "ünï ✓").asText());
        assertEquals(java.math.BigInteger.valueOf(Long.MAX_VALUE).add(java.math.BigInteger.ONE),
                workers.call("calls:add", Long.MAX_VALUE, 1).bigIntegerValue());
    }

    /** Before the numpy tests (Order 100): with numpy not yet importable, arrays arrive as memoryviews. */
    @Test
    @Order(1)
    void arraysOfEachTypeTravelBothWays() {
        boolean numpy = workers.call("calls:numpy_loaded").asBoolean();
        String kind = numpy ? "ndarray" : "memoryview";
        assertArrayEquals(new double[] {1.5, -2, Double.NaN}, workers.call("calls:echo", double[].class, new double[] {1.5, -2, Double.NaN}));
        assertArrayEquals(new float[] {1.5f, -2f}, workers.call("calls:echo", float[].class, new float[] {1.5f, -2f}));
        assertArrayEquals(new long[] {Long.MAX_VALUE, -1}, workers.call("calls:echo", long[].class, new long[] {Long.MAX_VALUE, -1}));
        assertArrayEquals(new int[] {Integer.MIN_VALUE, 7}, workers.call("calls:echo", int[].class, new int[] {Integer.MIN_VALUE, 7}));
        assertArrayEquals(new byte[] {-1, 0, 1}, workers.call("calls:echo", byte[].class, new byte[] {-1, 0, 1}));
        assertArrayEquals(new byte[] {5, 6}, workers.call("calls:echo", byte[].class, ByteBuffer.wrap(new byte[] {4, 5, 6}).position(1)));
        ByteBuffer direct = ByteBuffer.allocateDirect(4).put(new byte[] {7, 8, 9, 10}).position(1).limit(3);
        assertArrayEquals(new byte[] {8, 9}, workers.call("calls:echo", byte[].class, direct));
        assertEquals(1, direct.position(), "the caller's buffer is left as it was");
        assertArrayEquals(new byte[0], workers.call("calls:echo", byte[].class, ByteBuffer.allocateDirect(0)));
        assertEquals(kind, workers.call("calls:kind", new double[] {1, 2, 3}).get(0).asText());
        assertEquals(6, workers.call("calls:kind", new int[] {1, 2, 3}).get(2).asInt());
        assertArrayEquals(new long[] {0, 1, 2}, workers.call("calls:make", long[].class, "q", 3));
        assertArrayEquals(new double[] {0, 1}, workers.call("calls:make", double[].class, "d", 2));
        assertArrayEquals(new byte[] {104, 105}, workers.call("calls:echo", byte[].class, "hi".getBytes()));
    }

    @Test
    void aResultOfAnotherDtypeIsRefusedNamingBoth() {
        PythonCallException e = assertThrows(PythonCallException.class, () -> workers.call("calls:make", double[].class, "h", 3));
        assertTrue(e.getMessage().contains("calls:make returned") && e.getMessage().contains("double[] needs dtype float64"), e.getMessage());
        PythonCallException list = assertThrows(PythonCallException.class, () -> workers.call("calls:echo", int[].class, List.of(1)));
        assertTrue(list.getMessage().contains("returned a list"), list.getMessage());
        assertTrue(list.pythonType().isEmpty());
    }

    /** callInto (issue 31 finish): the caller's array filled from the start, the count returned; the same rules as process mode. */
    @Test
    void callIntoFillsTheCallersArrayAndRefusesWhatDoesNotFitLeavingItUntouched() {
        double[] into = {-1, -1, -1, -1, -1};
        assertEquals(3, workers.callInto("calls:make", into, "d", 3));
        assertArrayEquals(new double[] {0, 1, 2, -1, -1}, into);
        assertEquals(4, workers.callInto("calls:echo", into, new double[] {2, Double.NaN, Double.NEGATIVE_INFINITY, -0.0}));
        assertArrayEquals(new double[] {2, Double.NaN, Double.NEGATIVE_INFINITY, -0.0, -1}, into);
        assertEquals(0, workers.callInto("calls:make", into, "d", 0));
        double[] before = into.clone();
        PythonCallException tooLong = assertThrows(PythonCallException.class, () -> workers.callInto("calls:make", into, "d", 6));
        assertEquals("calls:make returned 6 float64 elements, more than the 5 of the double[] given to callInto; nothing was copied",
                tooLong.getMessage());
        PythonCallException dtype = assertThrows(PythonCallException.class, () -> workers.callInto("calls:make", into, "h", 2));
        assertTrue(dtype.getMessage().startsWith("calls:make returned an array.array") && dtype.getMessage().endsWith("; double[] needs dtype float64"),
                dtype.getMessage());
        PythonCallException list = assertThrows(PythonCallException.class, () -> workers.callInto("calls:echo", into, List.of(1.5)));
        assertEquals("calls:echo returned a list; double[] needs dtype float64", list.getMessage());
        assertArrayEquals(before, into, "untouched by the refusals");
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> workers.callInto("calls:make", null, "d", 1));
        assertTrue(none.getMessage().contains("calls:make"), none.getMessage());
    }

    @Test
    void callAsyncRunsOnTheBoundedExecutorAndStatsCount() throws Exception {
        assertEquals(9, workers.callAsync("calls:add", 4, 5).toCompletableFuture().get(30, TimeUnit.SECONDS).asInt());
        Throwable failed = workers.callAsync("calls:fail", "async").handle((r, e) -> e).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertInstanceOf(PythonCallException.class, failed);
        assertTrue(workers.stats().calls() > 0);
        assertEquals(4, workers.stats().size());
        assertTrue(workers.unavailable().isEmpty());
    }

    @Test
    void aFullQueueIsRejectedAsInProcessMode() throws Exception {
        try (InProcessWorkers small = InProcessWorkers.open(ENV, bytedeco(), sitePackages,
                new WorkerOptions(1, List.of(), Duration.ofSeconds(5), OptionalInt.empty(), 0, List.of(src)))) {
            var first = small.callAsync("time:sleep", 0.5).toCompletableFuture();
            var second = small.callAsync("time:sleep", 0.1).toCompletableFuture();
            Exception e = assertThrows(Exception.class, () -> second.get(10, TimeUnit.SECONDS));
            assertEquals(WorkerException.Reason.QUEUE_FULL, ((WorkerException) e.getCause()).reason());
            first.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFailingPreloadNamesTheModule() {
        try (InProcessWorkers bad = InProcessWorkers.open(ENV, bytedeco(), sitePackages,
                new WorkerOptions(1, List.of("json", "no_such_module_x"), Duration.ofSeconds(5), OptionalInt.empty(), 0, List.of(src)))) {
            PythonCallException e = assertThrows(PythonCallException.class, bad::start);
            assertEquals(Optional.of("no_such_module_x"), e.input());
            assertEquals(Optional.of("builtins.ModuleNotFoundError"), e.pythonType());
        }
    }

    @Test
    void aChangedModuleIsReimported() throws Exception {
        Files.writeString(src.resolve("changing.py"), "def v():\n    return 1\n");
        assertEquals(1, workers.call("changing:v").asInt());
        assertEquals(List.of(), workers.reloadChanged());
        Files.writeString(src.resolve("changing.py"), "def v():\n    return 2\n");
        Files.setLastModifiedTime(src.resolve("changing.py"), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertEquals(List.of("changing"), workers.reloadChanged());
        assertEquals(2, workers.call("changing:v").asInt());
    }

    @Test
    void aClosedEngineRefusesCalls() {
        InProcessWorkers closing = InProcessWorkers.open(ENV, bytedeco(), sitePackages, options(Duration.ZERO));
        closing.close();
        WorkerException e = assertThrows(WorkerException.class, () -> closing.call("calls:add", 1, 2));
        assertEquals(WorkerException.Reason.CLOSED, e.reason());
        assertTrue(closing.unavailable().isPresent());
    }

    @Test
    void aMillionCallsKeepTheResidentMemoryWithin20Mb() throws IOException {
        // The first million lets the Java heap reach its working size (its pages count in RSS too); the second is measured.
        for (int i = 0; i < 1_000_000; i++) {
            workers.call("calls:add", i, 1);
        }
        System.gc();
        long before = rssKb();
        long blocksBefore = workers.call("calls:blocks").asLong();
        for (int i = 0; i < 1_000_000; i++) {
            workers.call("calls:add", i, 1);
        }
        long blocks = workers.call("calls:blocks").asLong() - blocksBefore;
        System.gc();
        long grown = rssKb() - before;
        System.out.println("VmRSS grew by " + grown + " kB, Python's allocated blocks by " + blocks + ", over 1,000,000 in-process calls");
        assertTrue(grown < 20 * 1024, grown + " kB");
        // The JVM's heap moves RSS by tens of MB either way; Python's own count of live blocks shows a leaked reference exactly.
        assertTrue(blocks < 10_000, blocks + " blocks");
    }

    @Test
    void whatPythonPrintsGoesToTheLogTaggedAsWorkerOutput() throws Exception {
        try (LogRecords log = LogRecords.of(InProcessWorkers.class)) {
            workers.call("calls:shout", "hello from python");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!(log.messages().contains("[inproc in-process] hello from python")
                    && log.messages().contains("[inproc in-process] err hello from python")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(log.messages().contains("[inproc in-process] hello from python"), log.messages().toString());
            assertTrue(log.messages().contains("[inproc in-process] err hello from python"), log.messages().toString());
        }
    }

    /** numpy from the real package index, installed into a directory on the environment's python path (skipped, saying why, offline). */
    @Test
    @Order(100)
    void numpyArraysTravelBothWaysAndAWrongDtypeIsRefused() {
        RealPackageIndex.assumeReachable();
        Path numpyDir = root.resolve("numpy");
        ProcessResult installed = new ProcessRunner().run(ProcessSpec.of(TestPython.executable().toString(), "-m", "pip", "install",
                "--disable-pip-version-check", "--target", numpyDir.toString(), "numpy").withTimeout(Duration.ofMinutes(5)));
        assertTrue(installed.ok(), installed.stderr());
        WorkerOptions withNumpy = new WorkerOptions(4, List.of(), Duration.ofSeconds(30), OptionalInt.empty(), 8, List.of(src, numpyDir));
        try (InProcessWorkers np = InProcessWorkers.open(ENV, bytedeco(), sitePackages, withNumpy)) {
            assertEquals("ndarray", np.call("calls:np_kind", new double[] {1, 2}).get(0).asText());
            assertEquals("float64", np.call("calls:np_kind", new double[] {1, 2}).get(1).asText());
            assertEquals("float32", np.call("calls:np_kind", new float[] {1}).get(1).asText());
            assertEquals("int64", np.call("calls:np_kind", new long[] {1}).get(1).asText());
            assertEquals("int32", np.call("calls:np_kind", new int[] {1}).get(1).asText());
            assertEquals("uint8", np.call("calls:np_kind", new byte[] {(byte) 200}).get(1).asText());
            assertEquals(200, np.call("calls:np_kind", new byte[] {(byte) 200}).get(2).get(0).asInt());
            assertArrayEquals(new double[] {1.5, Double.NaN}, np.call("calls:echo", double[].class, new double[] {1.5, Double.NaN}));
            assertArrayEquals(new float[] {2.5f}, np.call("calls:echo", float[].class, new float[] {2.5f}));
            assertArrayEquals(new long[] {-3}, np.call("calls:echo", long[].class, new long[] {-3}));
            assertArrayEquals(new int[] {9}, np.call("calls:echo", int[].class, new int[] {9}));
            assertArrayEquals(new byte[] {1, 2}, np.call("calls:echo", byte[].class, new byte[] {1, 2}));
            assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, np.call("calls:np_make", double[].class, "float64", List.of(3, 4)));
            assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, np.call("calls:np_make", byte[].class, "int8", List.of(12)));
            assertArrayEquals(new double[] {0, 2, 4, 6, 8}, np.call("calls:np_strided", double[].class));
            PythonCallException e = assertThrows(PythonCallException.class, () -> np.call("calls:np_make", double[].class, "int16", List.of(3, 4)));
            assertEquals("calls:np_make returned a numpy array of dtype int16, shape (3, 4); double[] needs dtype float64", e.getMessage());
            double[] into = new double[6];
            assertEquals(5, np.callInto("calls:np_strided", into), "a strided view, made contiguous");
            assertArrayEquals(new double[] {0, 2, 4, 6, 8, 0}, into);
            assertEquals(2, np.callInto("calls:echo", into, new double[] {Double.NaN, 1}));
            assertTrue(Double.isNaN(into[0]));
            PythonCallException int16 = assertThrows(PythonCallException.class, () -> np.callInto("calls:np_make", into, "int16", List.of(3, 4)));
            assertEquals("calls:np_make returned a numpy array of dtype int16, shape (3, 4); double[] needs dtype float64", int16.getMessage());
            PythonCallException twelve = assertThrows(PythonCallException.class, () -> np.callInto("calls:np_make", into, "float64", List.of(3, 4)));
            assertTrue(twelve.getMessage().startsWith("calls:np_make returned 12 float64 elements, more than the 6"), twelve.getMessage());
            JsonNode json = np.call("calls:np_json");
            assertEquals(1.5, json.get("scalar").asDouble());
            assertTrue(Double.isNaN(json.get("array").get(1).asDouble()));
            assertEquals(4, json.get("i").asInt());
        }
    }

    /**
     * A dev-mode restart: the extension's classes again under a new class loader (the bindings' classes stay the parent's,
     * as Quarkus loads them parent-first), CPython already initialised in the JVM: adopted, not initialised again.
     */
    @Test
    void aRestartUnderANewClassLoaderAdoptsTheRunningInterpreter() throws Exception {
        java.net.URL[] urls = {InProcessWorkers.class.getProtectionDomain().getCodeSource().getLocation(),
                InProcessWorkersTest.class.getProtectionDomain().getCodeSource().getLocation()};
        try (java.net.URLClassLoader restarted = new java.net.URLClassLoader(urls, getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                synchronized (getClassLoadingLock(name)) {
                    if (!name.startsWith("io.beep.python.")) {
                        return super.loadClass(name, resolve);
                    }
                    Class<?> loaded = findLoadedClass(name);
                    return loaded != null ? loaded : findClass(name);
                }
            }
        }) {
            Class<?> restart = restarted.loadClass(DevRestart.class.getName());
            assertNotSame(DevRestart.class, restart);
            String[] result = (String[]) restart.getMethod("run", String.class, String.class).invoke(null, sitePackages.toString(), src.toString());
            assertEquals("5", result[0]);
            assertTrue(result[1].contains("Environment '" + ENV + "' already runs in-process"), result[1]);
            assertEquals("true", result[2]);
        }
        assertEquals(5, workers.call("calls:add", 2, 3).asInt());
    }

    static long rssKb() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElseThrow();
    }
}
