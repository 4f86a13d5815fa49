package io.beep.python.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A worker failure reaches the environment's FailureHints: the configuration layer names the limit, the core does not. */
class WorkerFailureHintsTest {

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

    @Test
    void aCallPastItsTimeLimitCarriesTheHintOnTheBlockingAndTheAsyncPaths() {
        FailureHints hints = (name, failure) -> failure instanceof CallTimedOutException
                ? Optional.of("The limit is " + name + ".call-timeout.") : Optional.empty();
        manager = new PythonBootstrapManager(home, new ProcessRunner(), hints);
        WorkerOptions workers = new WorkerOptions(1, List.of(), Duration.ofMillis(300), OptionalInt.empty(), 10, List.of());
        environment = new ManagedPythonEnvironment(BootstrapOptions.builder().environmentName("hinted").workers(workers)
                .interpreter(TestPython.executable()).build(), manager, executor);
        environment.awaitReady(Duration.ofMinutes(2));

        assertThatThrownBy(() -> environment.workers().call("time:sleep", 30)).isInstanceOf(CallTimedOutException.class)
                .hasMessageContaining("passed its time limit (300 ms)").hasMessageEndingWith("The limit is hinted.call-timeout.");
        assertThatThrownBy(() -> environment.workers().callAsync("time:sleep", 30).toCompletableFuture().join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(CallTimedOutException.class)
                .hasMessageEndingWith("The limit is hinted.call-timeout.");
    }
}
