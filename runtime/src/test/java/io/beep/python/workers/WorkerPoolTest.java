package io.beep.python.workers;

import com.fasterxml.jackson.databind.JsonNode;
import io.beep.python.PythonCallException;
import io.beep.python.WorkerStats;
import io.beep.python.testing.LogRecords;
import io.beep.python.testing.OwnChildren;
import io.beep.python.testing.TestPython;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pool against real CPython workers, running test modules written into a temporary directory on sys.path. */
class WorkerPoolTest {

    private static final String MODULE = """
            import os, sys, time

            def echo(value):
                return value

            def types():
                return {"nested": {"list": [1, 2.5, None, True, False, "é☃😀"], "tuple": (1, "two")},
                        "big": 2 ** 100, "negative_big": -(2 ** 70), "float": 0.1, "exp": 1.5e300, "none": None,
                        "empty": {}, "unicode_key_ü": "\\u0000ctl"}

            def boom(message):
                raise ValueError(message)

            def noisy(value):
                print("printed noise")
                sys.stdout.write("written noise\\n")
                os.write(1, b"noise\\n")
                os.write(1, b"\\x00\\x00\\x00\\x05{}{}{")
                return value

            def crash(code):
                print("about to exit")
                sys.stdout.flush()
                os._exit(code)

            def kill_self():
                os.kill(os.getpid(), 9)

            def sleep(seconds):
                time.sleep(seconds)
                return seconds

            def mark_then_sleep(marker, seconds):
                # The file says the call is running in a worker, no longer queued in the pool.
                open(marker, "w").close()
                time.sleep(seconds)
                return seconds

            def pid():
                return os.getpid()

            def nan():
                return [1.0, float("nan")]

            def blob():
                return b"abc"

            def a_set():
                return {3, 1, 2}

            def an_object():
                return {"x": object()}

            class FakeArray:
                def __init__(self, values):
                    self.values = values
                def tolist(self):
                    return self.values

            class FakeScalar:
                def item(self):
                    return 7

            def numpy_like():
                return [FakeArray([1, 2, 3]), FakeScalar()]

            def person(name, age):
                return {"name": name, "age": age}

            class Namespace:
                @staticmethod
                def inner():
                    return "inner"

            def exits():
                raise SystemExit(4)

            def big(n):
                return "x" * n

            def raise_big(n):
                raise ValueError("x" * n)

            def huge_int():
                return 2 ** 4000

            def forge_length(n):
                # What a result too large to read would look like to the JVM: a length prefix, no body yet.
                import __main__
                __main__._OUT.write(__main__._PREFIX.pack(n, 0))
                __main__._OUT.flush()
                time.sleep(30)

            def spawn_sleeper():
                import subprocess
                return subprocess.Popen(["sleep", "300"]).pid

            def chatter(lines, width):
                for i in range(lines):
                    print(str(i).zfill(width))
                sys.stdout.flush()
                return lines
            """;

    public record Person(String name, int age) {
    }

    @TempDir
    Path dir;
    private final List<WorkerPool> pools = new ArrayList<>();

    @BeforeEach
    void writeModules() throws IOException {
        Files.writeString(dir.resolve("wt_mod.py"), MODULE);
        Files.writeString(dir.resolve("bad_preload.py"), "import json\nraise RuntimeError('preload exploded')\n");
    }

    @AfterEach
    void closePools() {
        pools.forEach(WorkerPool::close);
    }

    private WorkerPool pool(int size, Duration timeout, OptionalInt maxCalls, int queueSize, List<String> preload) {
        WorkerPool pool = new WorkerPool("test", TestPython.executable(), Map.of("BEEP_TEST", "1", "BEEP_TEST_DIR", dir.toString()), new WorkerOptions(size,
                preload, timeout, maxCalls, queueSize, List.of(dir)));
        pools.add(pool);
        return pool;
    }

    private WorkerPool pool() {
        return pool(1, Duration.ofSeconds(20), OptionalInt.empty(), 100, List.of());
    }

    private WorkerPool pool(WorkerOptions options, long loggedOutputLimit) {
        WorkerPool pool = new WorkerPool("test", TestPython.executable(), Map.of("BEEP_TEST_DIR", dir.toString()), options, loggedOutputLimit);
        pools.add(pool);
        return pool;
    }

    private WorkerPool poolWithMessageLimit(int bytes) {
        return pool(new WorkerOptions(1, List.of(), Duration.ofSeconds(20), OptionalInt.empty(), 10, List.of(dir), bytes),
                WorkerOutput.DEFAULT_LOGGED_BYTES);
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void aResultOverTheMessageLimitFailsNamingTheLimitAndTheNextCallRunsOnANewWorker() {
        WorkerPool pool = poolWithMessageLimit(1024 * 1024);
        long first = pool.call("wt_mod:pid").asLong();
        assertThatThrownBy(() -> pool.call("wt_mod:big", 2_000_000)).isInstanceOfSatisfying(WorkerException.class, e -> {
            assertThat(e.reason()).isEqualTo(WorkerException.Reason.MESSAGE_TOO_LARGE);
            assertThat(e.getMessage()).contains("The result of wt_mod:big is 20000").contains("1 MiB (1048576 bytes)")
                    .contains("is replaced");
        });
        long second = pool.call("wt_mod:pid").asLong();
        assertThat(second).as("a new worker").isNotEqualTo(first);
        assertThat(alive(first)).isFalse();
        assertThatThrownBy(() -> pool.call("wt_mod:raise_big", 2_000_000)).isInstanceOfSatisfying(WorkerException.class,
                e -> assertThat(e.getMessage()).contains("The exception of wt_mod:raise_big").contains("1 MiB (1048576 bytes)"));
        // A worker that sends a frame over the limit anyway is refused on its length prefix, before anything is allocated.
        long third = pool.call("wt_mod:pid").asLong();
        assertThatThrownBy(() -> pool.call("wt_mod:forge_length", 300_000_000)).isInstanceOfSatisfying(WorkerException.class, e -> {
            assertThat(e.reason()).isEqualTo(WorkerException.Reason.MESSAGE_TOO_LARGE);
            assertThat(e.getMessage()).contains("300000000 bytes").contains("1 MiB (1048576 bytes)");
        });
        assertThat(pool.call("wt_mod:echo", "after").asText()).isEqualTo("after");
        assertThat(alive(third)).isFalse();
        assertThat(pool.stats().alive()).isEqualTo(1);
    }

    @Test
    void argumentsOverTheMessageLimitFailTheCallAndTheWorkerStays() {
        WorkerPool pool = poolWithMessageLimit(1024 * 1024);
        long pid = pool.call("wt_mod:pid").asLong();
        assertThatThrownBy(() -> pool.call("wt_mod:echo", "y".repeat(2_000_000))).isInstanceOfSatisfying(WorkerException.class, e -> {
            assertThat(e.reason()).isEqualTo(WorkerException.Reason.MESSAGE_TOO_LARGE);
            assertThat(e.getMessage()).contains("The arguments of wt_mod:echo are").contains("1 MiB (1048576 bytes)").contains("was not run");
        });
        assertThat(pool.call("wt_mod:echo", "y".repeat(1000)).asText()).hasSize(1000);
        assertThat(pool.call("wt_mod:pid").asLong()).isEqualTo(pid);
    }

    @Test
    void resultsUpToTheDefaultLimitArriveWhole() {
        // Jackson alone refuses strings over 20 million characters; the pool's limit (64 MiB) is the one that counts.
        assertThat(pool().call("wt_mod:big", 25_000_000).asText()).hasSize(25_000_000);
    }

    @Test
    void anErrorReadingAnAnswerFailsThatCallAndReplacesTheWorker() {
        WorkerPool pool = pool();
        long first = pool.call("wt_mod:pid").asLong();
        long start = System.nanoTime();
        assertThatThrownBy(() -> pool.call("wt_mod:huge_int")).isInstanceOfSatisfying(PythonCallException.class,
                e -> assertThat(e.getMessage()).contains("wt_mod:huge_int failed in the JVM").contains("is replaced"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(pool.call("wt_mod:pid").asLong()).isNotEqualTo(first);
    }

    @Test
    void aPoolWhosePythonCannotStartReportsNoLiveWorkerAndWhy() {
        Path missing = dir.resolve("no-such-python");
        WorkerPool broken = new WorkerPool("test", missing, Map.of(), WorkerOptions.defaults());
        pools.add(broken);
        assertThat(broken.unavailable()).as("nothing tried yet").isEmpty();
        assertThatThrownBy(() -> broken.call("wt_mod:pid")).isInstanceOfSatisfying(WorkerException.class,
                e -> assertThat(e.reason()).isEqualTo(WorkerException.Reason.WORKER_START_FAILED));
        assertThat(broken.stats().alive()).isZero();
        assertThat(broken.unavailable()).hasValueSatisfying(e -> assertThat(e.getMessage()).contains(missing.toString()));

        WorkerPool healthy = pool();
        assertThat(healthy.unavailable()).isEmpty();
        healthy.call("wt_mod:pid");
        assertThat(healthy.unavailable()).isEmpty();
    }

    @Test
    void aProcessACallStartedIsStoppedWithThePool() {
        WorkerPool pool = pool();
        long sleeper = pool.call("wt_mod:spawn_sleeper").asLong();
        assertThat(alive(sleeper)).isTrue();
        pool.close();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !alive(sleeper));
        } finally {
            ProcessHandle.of(sleeper).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aWorkerLogsAtMostItsCapOfOutputAndSaysTheRestIsDropped() throws Exception {
        assertThat(WorkerOutput.DEFAULT_LOGGED_BYTES).as("as exec's captured output").isEqualTo(16L * 1024 * 1024);
        // 100 kB of numbers on the console help no one: quiet.
        try (LogRecords log = LogRecords.of(WorkerPool.class).quiet()) {
            WorkerPool pool = pool(new WorkerOptions(1, List.of(), Duration.ofSeconds(20), OptionalInt.empty(), 10, List.of(dir)), 10_000);
            assertThat(pool.call("wt_mod:chatter", 1000, 99).asInt()).isEqualTo(1000); // 100 kB in lines of 100 bytes
            pool.call("wt_mod:chatter", 10, 99);
            String prefix = "[test worker 1] ";
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> log.messages().stream().anyMatch(l -> l.contains("not logged")));
            Thread.sleep(300); // the output after the notice, were it logged, would be here by now
            List<String> output = log.messages().stream().filter(l -> l.startsWith(prefix)).toList();
            List<String> printed = output.stream().filter(l -> !l.contains("not logged")).toList();
            long logged = printed.stream().mapToLong(l -> l.length() - prefix.length() + 1).sum();
            assertThat(logged).isLessThanOrEqualTo(10_000).isGreaterThan(10_000 - 100);
            assertThat(output).filteredOn(l -> l.contains("not logged")).singleElement().asString()
                    .contains("printed more than 9.8 KiB (10000 bytes)");
            assertThat(output.indexOf(printed.get(printed.size() - 1))).as("the notice comes last").isLessThan(output.size() - 1);
        }
    }

    @Test
    void jsonTypesRoundTrip() {
        WorkerPool pool = pool();
        JsonNode r = pool.call("wt_mod:types");
        assertThat(r.path("nested").path("list").toString()).isEqualTo("[1,2.5,null,true,false,\"é☃😀\"]");
        assertThat(r.path("nested").path("tuple").toString()).isEqualTo("[1,\"two\"]");
        assertThat(r.path("big").bigIntegerValue()).isEqualTo(BigInteger.TWO.pow(100));
        assertThat(r.path("negative_big").bigIntegerValue()).isEqualTo(BigInteger.TWO.pow(70).negate());
        assertThat(r.path("float").doubleValue()).isEqualTo(0.1);
        assertThat(r.path("exp").doubleValue()).isEqualTo(1.5e300);
        assertThat(r.get("none").isNull()).isTrue();
        assertThat(r.path("unicode_key_ü").asText()).isEqualTo("\u0000ctl");

        Map<String, Object> argument = Map.of("text", "héllo ✓ 😀", "list", List.of(1, 2.25, true), "big", BigInteger.TEN.pow(30),
                "nested", Map.of("k", List.of()));
        JsonNode echoed = pool.call("wt_mod:echo", argument);
        assertThat(echoed.path("text").asText()).isEqualTo("héllo ✓ 😀");
        assertThat(echoed.path("list").toString()).isEqualTo("[1,2.25,true]");
        assertThat(echoed.path("big").bigIntegerValue()).isEqualTo(BigInteger.TEN.pow(30));
        assertThat(pool.call("wt_mod:echo", (Object) null).isNull()).isTrue();
        assertThat(pool.call("wt_mod:Namespace.inner").asText()).isEqualTo("inner");
        assertThat(pool.call("wt_mod:person", Person.class, "Ada", 36)).isEqualTo(new Person("Ada", 36));
    }

    @Test
    void conversionRulesAndTheirErrors() {
        WorkerPool pool = pool();
        assertThat(pool.call("wt_mod:a_set").toString()).isEqualTo("[1,2,3]");
        assertThat(pool.call("wt_mod:numpy_like").toString()).isEqualTo("[[1,2,3],7]");
        // NaN travels as Jackson's non-numeric number (issue 31), no longer a failed call.
        JsonNode nan = pool.call("wt_mod:nan");
        assertThat(nan.get(0).doubleValue()).isEqualTo(1.0);
        assertThat(nan.get(1).doubleValue()).isNaN();
        assertThatThrownBy(() -> pool.call("wt_mod:blob")).isInstanceOfSatisfying(PythonCallException.class, e -> {
            assertThat(e.pythonType()).contains("builtins.TypeError");
            assertThat(e.getMessage()).contains("bytes").contains("byte[].class");
        });
        assertThatThrownBy(() -> pool.call("wt_mod:an_object")).isInstanceOfSatisfying(PythonCallException.class,
                e -> assertThat(e.getMessage()).contains("Object of type object is not JSON serializable"));
        assertThatThrownBy(() -> pool.call("wt_mod:person", Person.class, "Ada", "old"))
                .isInstanceOfSatisfying(WorkerException.class, e -> assertThat(e.reason()).isEqualTo(WorkerException.Reason.RESULT_NOT_BOUND));
        assertThat(pool.call("wt_mod:echo", 5).asInt()).isEqualTo(5);
    }

    @Test
    void pythonExceptionCarriesTypeMessageAndTraceback() {
        WorkerPool pool = pool();
        long pid = pool.call("wt_mod:pid").asLong();
        assertThatThrownBy(() -> pool.call("wt_mod:boom", "bad input")).isInstanceOfSatisfying(PythonCallException.class, e -> {
            assertThat(e.pythonType()).contains("builtins.ValueError");
            assertThat(e.pythonMessage()).contains("bad input");
            assertThat(e.traceback().orElseThrow()).contains("Traceback").contains("wt_mod.py").contains("in boom");
            assertThat(e.getMessage()).contains("wt_mod:boom").contains("builtins.ValueError").contains("bad input");
            assertThat(e.input()).contains("wt_mod:boom");
        });
        assertThatThrownBy(() -> pool.call("no_such_module:f")).isInstanceOfSatisfying(PythonCallException.class,
                e -> assertThat(e.pythonType()).contains("builtins.ModuleNotFoundError"));
        assertThatThrownBy(() -> pool.call("wt_mod:missing")).isInstanceOfSatisfying(PythonCallException.class,
                e -> assertThat(e.pythonType()).contains("builtins.AttributeError"));
        assertThatThrownBy(() -> pool.call("wt_mod:exits")).isInstanceOfSatisfying(PythonCallException.class,
                e -> assertThat(e.pythonType()).contains("builtins.SystemExit"));
        assertThat(pool.call("wt_mod:pid").asLong()).as("the worker stays").isEqualTo(pid);
        WorkerStats stats = pool.stats();
        assertThat(stats.calls()).isEqualTo(6);
        assertThat(stats.failures()).isEqualTo(4);
        assertThat(stats.alive()).isEqualTo(1);
    }

    @Test
    void outputToStdoutAndFd1DoesNotCorruptTheChannel() {
        WorkerPool pool = pool();
        for (int i = 0; i < 3; i++) {
            assertThat(pool.call("wt_mod:noisy", Map.of("i", i)).path("i").asInt()).isEqualTo(i);
        }
        assertThat(pool.call("wt_mod:echo", "after").asText()).isEqualTo("after");
    }

    @Test
    void userOutputIsLoggedTaggedWithEnvironmentAndWorker() throws Exception {
        try (LogRecords log = LogRecords.of(WorkerPool.class)) {
            WorkerPool pool = pool();
            pool.call("wt_mod:noisy", 1);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(log.messages())
                    .contains("[test worker 1] printed noise", "[test worker 1] written noise", "[test worker 1] noise"));
        }
    }

    @Test
    void crashFailsOnlyThatCallAndTheWorkerIsReplaced() {
        WorkerPool pool = pool();
        long before = pool.call("wt_mod:pid").asLong();
        assertThatThrownBy(() -> pool.call("wt_mod:crash", 3)).isInstanceOfSatisfying(PythonCallException.class, e -> {
            assertThat(e.pythonType()).isEmpty();
            assertThat(e.getMessage()).contains("died").contains("exited with code 3").contains("about to exit");
        });
        long after = pool.call("wt_mod:pid").asLong();
        assertThat(after).isNotEqualTo(before);
        assertThatThrownBy(() -> pool.call("wt_mod:kill_self")).isInstanceOfSatisfying(PythonCallException.class,
                e -> assertThat(e.getMessage()).contains("killed by signal 9"));
        assertThat(pool.call("wt_mod:echo", "ok").asText()).isEqualTo("ok");
        assertThat(pool.stats().failures()).isEqualTo(2);
    }

    @Test
    void callPastTheTimeoutKillsAndReplacesTheWorker() {
        WorkerPool pool = pool(1, Duration.ofMillis(500), OptionalInt.empty(), 10, List.of());
        long before = pool.call("wt_mod:pid").asLong();
        long start = System.nanoTime();
        assertThatThrownBy(() -> pool.call("wt_mod:sleep", 30)).isInstanceOfSatisfying(PythonCallException.class,
                e -> assertThat(e.getMessage()).contains("time limit").contains("500 ms").contains("killed"))
                .isInstanceOf(CallTimedOutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(pool.call("wt_mod:pid").asLong()).isNotEqualTo(before);
    }

    @Test
    void fullQueueRejectsAtOnce() throws Exception {
        WorkerPool pool = pool(1, Duration.ofSeconds(10), OptionalInt.empty(), 1, List.of());
        CompletableFuture<JsonNode> running = pool.callAsync("wt_mod:sleep", 0.5).toCompletableFuture();
        org.awaitility.Awaitility.await("a worker took the running call").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> pool.stats().queued() == 0);
        CompletableFuture<JsonNode> queued = pool.callAsync("wt_mod:echo", "queued").toCompletableFuture();
        assertThat(pool.stats().queued()).isEqualTo(1);
        CompletableFuture<JsonNode> rejected = pool.callAsync("wt_mod:echo", "rejected").toCompletableFuture();
        assertThat(rejected).isCompletedExceptionally();
        assertThatThrownBy(rejected::join).hasCauseInstanceOf(WorkerException.class)
                .cause().satisfies(e -> assertThat(((WorkerException) e).reason()).isEqualTo(WorkerException.Reason.QUEUE_FULL))
                .hasMessageContaining("the queue's limit");
        assertThatThrownBy(() -> pool.call("wt_mod:echo", "blocking")).isInstanceOf(WorkerException.class);
        assertThat(running.get(10, TimeUnit.SECONDS).asDouble()).isEqualTo(0.5);
        assertThat(queued.get(10, TimeUnit.SECONDS).asText()).isEqualTo("queued");
    }

    @Test
    void thousandConcurrentCallsAreEachMatchedToTheirCaller() throws Exception {
        WorkerPool pool = pool(2, Duration.ofSeconds(20), OptionalInt.empty(), 1000, List.of());
        // Both workers up before the calls: a lazy pool starts each on its own slot thread, and under load the second
        // could still be starting when the first had answered all 1000 (stats().alive() then said 1, not 2).
        pool.start();
        assertThat(workerProcesses()).isEqualTo(2);
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                String token = "call-" + i + "-" + Thread.currentThread().getId();
                int n = i;
                results.add(clients.submit(() -> {
                    JsonNode r = pool.call("wt_mod:echo", Map.of("token", token, "n", n));
                    return r.path("token").asText().equals(token) && r.path("n").asInt() == n;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            clients.shutdownNow();
        }
        WorkerStats stats = pool.stats();
        assertThat(stats.calls()).isEqualTo(1000);
        assertThat(stats.failures()).isZero();
        assertThat(stats.alive()).isEqualTo(2);
        assertThat(stats.queued()).isZero();
    }

    @Test
    void workerIsRecycledAfterMaxCalls() throws Exception {
        WorkerPool pool = pool(1, Duration.ofSeconds(20), OptionalInt.of(3), 10, List.of());
        List<Long> pids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            pids.add(pool.call("wt_mod:pid").asLong());
        }
        assertThat(pids.subList(0, 3)).containsOnly(pids.get(0));
        assertThat(pids.subList(3, 6)).containsOnly(pids.get(3));
        assertThat(Set.of(pids.get(0), pids.get(3), pids.get(6))).hasSize(3);
        org.awaitility.Awaitility.await("the retired worker exited").atMost(Duration.ofSeconds(5)).until(() -> !alive(pids.get(0)));
    }

    @Test
    void closeLeavesNoWorkerProcess() throws Exception {
        WorkerPool pool = pool(2, Duration.ofSeconds(20), OptionalInt.empty(), 10, List.of());
        pool.start();
        Set<Long> pids = new HashSet<>(pool.pids());
        assertThat(pids).hasSize(2);
        assertThat(workerProcesses()).isEqualTo(2);
        Path started = dir.resolve("running.started");
        CompletableFuture<JsonNode> running = pool.callAsync("wt_mod:mark_then_sleep", started.toString(), 0.2).toCompletableFuture();
        // close() fails a call still queued: wait until this one runs, so the test always reaches the drain it names.
        org.awaitility.Awaitility.await("the call runs in a worker").atMost(Duration.ofSeconds(10)).until(() -> Files.exists(started));
        pool.close();
        assertThat(running.get(1, TimeUnit.SECONDS).asDouble()).as("a running call is drained").isEqualTo(0.2);
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("worker " + pid).isFalse();
        }
        assertThat(pool.stats().alive()).isZero();
        assertThatThrownBy(() -> pool.call("wt_mod:echo", 1)).isInstanceOfSatisfying(WorkerException.class,
                e -> assertThat(e.reason()).isEqualTo(WorkerException.Reason.CLOSED));
    }

    @Test
    void closeStopsACallThatDoesNotFinish() throws Exception {
        WorkerPool pool = pool(1, Duration.ofSeconds(60), OptionalInt.empty(), 10, List.of());
        long pid = pool.call("wt_mod:pid").asLong();
        Path started = dir.resolve("endless.started");
        CompletableFuture<JsonNode> endless = pool.callAsync("wt_mod:mark_then_sleep", started.toString(), 60).toCompletableFuture();
        // A call still queued would be failed by close() without any kill: wait until it runs in the worker.
        org.awaitility.Awaitility.await("the call runs in the worker").atMost(Duration.ofSeconds(10)).until(() -> Files.exists(started));
        pool.close();
        assertThatThrownBy(() -> endless.get(1, TimeUnit.SECONDS)).hasCauseInstanceOf(PythonCallException.class)
                .hasMessageContaining("closed");
        // close() sends SIGKILL and does not wait for the exit: the process may be seen alive for a moment.
        org.awaitility.Awaitility.await("the killed worker " + pid + " exits").atMost(Duration.ofSeconds(5))
                .until(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void workersExitWhenTheJvmIsKilled() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OrphanChildMain.class.getName(),
                TestPython.executable().toString(), dir.toString()).redirectErrorStream(true).start();
        List<Long> pids = new ArrayList<>();
        long sleeper = -1;
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()));
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("SLEEPER ")) {
                    sleeper = Long.parseLong(line.substring(8).trim());
                }
                if (line.startsWith("PIDS ")) {
                    for (String pid : line.substring(5).trim().split(" ")) {
                        pids.add(Long.parseLong(pid));
                    }
                    break;
                }
            }
            assertThat(pids).hasSize(2);
            assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isTrue());
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
            child.waitFor(10, TimeUnit.SECONDS);
        }
        org.awaitility.Awaitility.await("idle and busy workers of a killed JVM exit").atMost(Duration.ofSeconds(10))
                .until(() -> pids.stream().noneMatch(WorkerPoolTest::alive));
        long started = sleeper;
        assertThat(started).as("a call started a process").isPositive();
        try {
            org.awaitility.Awaitility.await("what a call started, once the JVM is gone").atMost(Duration.ofSeconds(5)).until(() -> !alive(started));
        } finally {
            ProcessHandle.of(started).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void startWaitsForPreloads() {
        WorkerPool pool = pool(2, Duration.ofSeconds(20), OptionalInt.empty(), 10, List.of("json", "wt_mod"));
        pool.start();
        assertThat(pool.stats().alive()).isEqualTo(2);
        assertThat(pool.call("wt_mod:echo", "x").asText()).isEqualTo("x");
    }

    @Test
    void failingPreloadNamesTheModuleAndTheError() throws Exception {
        WorkerPool pool = pool(2, Duration.ofSeconds(20), OptionalInt.empty(), 10, List.of("json", "bad_preload"));
        assertThatThrownBy(pool::start).isInstanceOfSatisfying(WorkerException.class, e -> {
            assertThat(e.reason()).isEqualTo(WorkerException.Reason.PRELOAD_FAILED);
            assertThat(e.input()).contains("bad_preload");
            assertThat(e.getMessage()).contains("bad_preload").contains("builtins.RuntimeError").contains("preload exploded");
        });
        assertThat(pool.stats().alive()).isZero();
        WorkerPool lazy = pool(1, Duration.ofSeconds(20), OptionalInt.empty(), 10, List.of("bad_preload"));
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> lazy.call("wt_mod:echo", 1)).isInstanceOfSatisfying(WorkerException.class,
                    e -> assertThat(e.reason()).isEqualTo(WorkerException.Reason.PRELOAD_FAILED));
        }
        // A retry loop would start a worker within its first poll: none of this test's workers may appear for 700 ms.
        org.awaitility.Awaitility.await("a broken preload is not retried while idle").during(Duration.ofMillis(700))
                .atMost(Duration.ofSeconds(2)).until(() -> workerProcesses() == 0);
    }

    /**
     * This test's worker processes: those whose environment names this test's directory (BEEP_TEST_DIR), so that
     * a worker of another test or class in this JVM, still exiting or leaked, does not count here.
     */
    private long workerProcesses() {
        return OwnChildren.naming(dir).count();
    }

    @Test
    void callAsyncDoesNotBlockItsThread() throws Exception {
        WorkerPool pool = pool();
        AtomicReference<Thread> completedOn = new AtomicReference<>();
        AtomicReference<CompletableFuture<JsonNode>> future = new AtomicReference<>();
        AtomicReference<Boolean> doneOnReturn = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            CompletableFuture<JsonNode> f = pool.callAsync("wt_mod:sleep", 0.3).toCompletableFuture();
            doneOnReturn.set(f.isDone());
            future.set(f.whenComplete((r, e) -> completedOn.set(Thread.currentThread())));
        }, "caller");
        caller.start();
        caller.join(5_000);
        assertThat(caller.isAlive()).isFalse();
        // Had callAsync waited for the worker to start or for the call, its future would be complete when it returned.
        assertThat(doneOnReturn.get()).as("callAsync returned before the call (first one, worker start included) finished").isFalse();
        assertThat(future.get().get(10, TimeUnit.SECONDS).asDouble()).isEqualTo(0.3);
        assertThat(completedOn.get()).isNotSameAs(caller);
    }

    @Test
    void noArgumentsAndBadCallableNames() {
        WorkerPool pool = pool();
        assertThat(pool.call("wt_mod:pid").asLong()).isPositive();
        assertThatThrownBy(() -> pool.call("wt_mod")).isInstanceOfSatisfying(PythonCallException.class,
                e -> assertThat(e.pythonMessage().orElseThrow()).contains("package.module:function"));
        assertThatThrownBy(() -> pool.callAsync("wt_mod:echo", new Object()).toCompletableFuture().join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOfSatisfying(WorkerException.class,
                        e -> assertThat(e.reason()).isEqualTo(WorkerException.Reason.ARGUMENTS_NOT_JSON));
    }
}
