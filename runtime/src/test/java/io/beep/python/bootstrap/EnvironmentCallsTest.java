package io.beep.python.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beep.python.ProcessResult;
import io.beep.python.PythonBootstrapException;
import io.beep.python.PythonProcessException;
import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.TestPython;
import io.beep.python.workers.CallTimedOutException;
import io.beep.python.workers.WorkerOptions;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** The calls on a ready environment: their own time limit, the blocking guard, and the asynchronous forms. */
class EnvironmentCallsTest {

    /** Stands in for an event loop: refuses every blocking call, as the Quarkus layer does on a Vert.x thread. */
    static final class RefusingGuard implements BlockingGuard {
        @Override
        public void checkBlockingAllowed(String operation, String alternative) {
            throw new IllegalStateException(operation + " refused; use " + alternative);
        }
    }

    @TempDir
    Path home;

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private ManagedPythonEnvironment environment;
    private PythonBootstrapManager manager;

    @AfterEach
    void tearDown() {
        if (environment != null) {
            environment.close();
        }
        executor.shutdownNow();
        if (manager != null) {
            manager.awaitBackgroundWork(Duration.ofMinutes(5)); // the seed cache compiles after readiness, in the temp home
        }
    }

    private ManagedPythonEnvironment environment(BootstrapOptions.Builder options, BlockingGuard guard) {
        return environment(options, guard, FailureHints.NONE);
    }

    private ManagedPythonEnvironment environment(BootstrapOptions.Builder options, BlockingGuard guard, FailureHints hints) {
        manager = new PythonBootstrapManager(home, new ProcessRunner(), hints);
        environment = new ManagedPythonEnvironment(options.interpreter(TestPython.executable()).build(), manager, executor, guard);
        return environment;
    }

    @Test
    void execStopsAtTheExecTimeoutNotAtTheBootstrapTimeout() {
        ManagedPythonEnvironment python = environment(BootstrapOptions.builder().environmentName("limits").timeout(Duration.ofMinutes(5))
                .execTimeout(Duration.ofSeconds(1)), BlockingGuard.NONE);
        python.awaitReady(Duration.ofMinutes(2));

        long started = System.nanoTime();
        assertThatThrownBy(() -> python.exec("import time; time.sleep(30)")).isInstanceOf(PythonProcessException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));

        assertThat(python.run(List.of("-c", "import time; time.sleep(1.5); print('slow')"), Duration.ofSeconds(30)).stdout().strip())
                .isEqualTo("slow");
    }

    @Test
    void theExecTimeoutDefaultsToSixtySeconds() {
        assertThat(BootstrapOptions.builder().build().execTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(BootstrapOptions.builder().build().timeout()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aRefusingGuardStopsBlockingCallsBeforeTheyStartAndTheAsyncFormsStillWork() throws Exception {
        ManagedPythonEnvironment python = environment(BootstrapOptions.builder().environmentName("guarded"), new RefusingGuard());

        assertThatThrownBy(() -> python.exec("print(1)")).hasMessageContaining("exec(String) refused; use execAsync(String)");
        assertThatThrownBy(() -> python.install("six")).hasMessageContaining("install(String...) refused");
        assertThatThrownBy(() -> python.interpreter()).hasMessageContaining("interpreter() before the environment is ready");
        assertThat(python.status().percent()).as("a refused call does not start a lazy environment").isZero();

        ProcessResult result = python.execAsync("print(6 * 7)").toCompletableFuture().get(2, TimeUnit.MINUTES);
        assertThat(result.stdout().strip()).isEqualTo("42");
        assertThat(python.runAsync("-c", "import sys; print(sys.prefix)").toCompletableFuture().get(1, TimeUnit.MINUTES).stdout().strip())
                .isEqualTo(io.beep.python.testing.TestHomes.venv(home, "guarded").toString());
        // Ready now: the accessors no longer wait, so they are allowed.
        assertThat(python.interpreter()).startsWithRaw(io.beep.python.testing.TestHomes.venv(home, "guarded"));
    }

    @Test
    void asyncCallsFailLikeTheirBlockingFormsAndAfterCloseSayTheEnvironmentIsClosed() throws Exception {
        ManagedPythonEnvironment python = environment(BootstrapOptions.builder().environmentName("async").execTimeout(Duration.ofSeconds(1)),
                BlockingGuard.NONE);

        assertThatThrownBy(() -> python.execAsync("import time; time.sleep(30)").toCompletableFuture().get(2, TimeUnit.MINUTES))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(PythonProcessException.class);

        python.close();
        assertThatThrownBy(() -> python.execAsync("print(1)").toCompletableFuture().get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(PythonBootstrapException.class).hasMessageContaining("'async' is closed");
    }

    /** A worker failure reaches the environment's FailureHints: the configuration layer names the limit, the core does not. */
    @Test
    void aCallPastItsTimeLimitCarriesTheHintOnTheBlockingAndTheAsyncPaths() {
        FailureHints hints = (name, failure) -> failure instanceof CallTimedOutException
                ? Optional.of("The limit is " + name + ".call-timeout.") : Optional.empty();
        WorkerOptions workers = new WorkerOptions(1, List.of(), Duration.ofMillis(300), OptionalInt.empty(), 10, List.of());
        ManagedPythonEnvironment python = environment(BootstrapOptions.builder().environmentName("hinted").workers(workers),
                BlockingGuard.NONE, hints);
        python.awaitReady(Duration.ofMinutes(2));

        assertThatThrownBy(() -> python.workers().call("time:sleep", 30)).isInstanceOf(CallTimedOutException.class)
                .hasMessageContaining("passed its time limit (300 ms)").hasMessageEndingWith("The limit is hinted.call-timeout.");
        assertThatThrownBy(() -> python.workers().callAsync("time:sleep", 30).toCompletableFuture().join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(CallTimedOutException.class)
                .hasMessageEndingWith("The limit is hinted.call-timeout.");
    }

    /** A valid W3C traceparent, as an OpenTelemetry client span gives one. */
    static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    /**
     * Each call, blocking or async, is told to the observers on the caller's thread with its outcome; the traceparent an
     * observer gives is what Python reads from beep_python.traceparent during that call, and only that call.
     */
    @Test
    void aCallObserverSeesEachCallAndItsTraceparentIsTheContextVariablePythonReads() throws Exception {
        ManagedPythonEnvironment python = environment(BootstrapOptions.builder().environmentName("observed"), BlockingGuard.NONE);
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean traced = new java.util.concurrent.atomic.AtomicBoolean(true);
        python.addCallObserver((environment, callable) -> {
            String caller = Thread.currentThread().getName();
            return new CallObserver.Call() {
                @Override
                public Optional<String> traceparent() {
                    return traced.get() ? Optional.of(TRACEPARENT) : Optional.empty();
                }

                @Override
                public void end(Throwable failure, Duration took) {
                    seen.add(environment + " " + callable + " " + (failure == null ? "ok" : failure.getClass().getSimpleName())
                            + (caller.equals(testThread) ? " on the caller" : " elsewhere") + (took.isNegative() ? " negative" : ""));
                }
            };
        });
        python.awaitReady(Duration.ofMinutes(2));

        assertThat(python.workers().call("beep_python:traceparent.get").asText()).isEqualTo(TRACEPARENT);
        assertThat(python.workers().callAsync("beep_python:traceparent.get").toCompletableFuture().get(1, TimeUnit.MINUTES).asText())
                .isEqualTo(TRACEPARENT);
        traced.set(false);
        assertThat(python.workers().call("beep_python:traceparent.get").isNull()).as("the last call's trace does not stay").isTrue();
        assertThatThrownBy(() -> python.workers().call("json:loads", "not json")).isInstanceOf(io.beep.python.PythonCallException.class);

        assertThat(seen).containsExactly("observed beep_python:traceparent.get ok on the caller",
                "observed beep_python:traceparent.get ok on the caller", "observed beep_python:traceparent.get ok on the caller",
                "observed json:loads PythonCallException on the caller");
    }

    private final String testThread = Thread.currentThread().getName();

    private static final ThreadLocal<String> USER = new ThreadLocal<>();

    /** Carries USER as SmallRye's ThreadContext carries a request context: into the task and into what completes the stage. */
    private static final AsyncContext CARRY_USER = new AsyncContext() {
        @Override
        public <T> java.util.function.Supplier<T> task(java.util.function.Supplier<T> task) {
            String captured = USER.get();
            return () -> withUser(captured, task);
        }

        @Override
        public <T> java.util.concurrent.CompletionStage<T> continuations(java.util.concurrent.CompletionStage<T> stage) {
            String captured = USER.get();
            java.util.concurrent.CompletableFuture<T> carried = new java.util.concurrent.CompletableFuture<>();
            stage.whenComplete((value, error) -> withUser(captured, () -> error != null ? carried.completeExceptionally(error)
                    : carried.complete(value)));
            return carried;
        }
    };

    private static <T> T withUser(String user, java.util.function.Supplier<T> work) {
        String outer = USER.get();
        USER.set(user);
        try {
            return work.get();
        } finally {
            USER.set(outer);
        }
    }

    /** execAsync, runAsync and callAsync continuations run with the caller's context once the Quarkus layer supplies one. */
    @Test
    void asyncContinuationsRunWithTheCallersContext() throws Exception {
        ManagedPythonEnvironment python = environment(BootstrapOptions.builder().environmentName("context"), BlockingGuard.NONE);
        python.propagateContext(CARRY_USER);
        python.awaitReady(Duration.ofMinutes(2));
        USER.set("alice");
        try {
            // Each takes long enough that the continuation is chained before the result comes: it then runs on the
            // environment's thread, where only propagation can put alice.
            assertThat(python.execAsync("import time; time.sleep(0.5)").thenApply(result -> USER.get() + " on "
                    + Thread.currentThread().getName().startsWith("beep-python-exec")).toCompletableFuture().get(1, TimeUnit.MINUTES))
                    .isEqualTo("alice on true");
            assertThat(python.runAsync("-c", "import time; time.sleep(0.5)").thenApply(result -> USER.get())
                    .toCompletableFuture().get(1, TimeUnit.MINUTES)).isEqualTo("alice");
            assertThat(python.workers().callAsync("time:sleep", 0.5).thenApply(result -> USER.get())
                    .toCompletableFuture().get(1, TimeUnit.MINUTES)).isEqualTo("alice");
        } finally {
            USER.remove();
        }
    }
}
