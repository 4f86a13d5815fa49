package io.beep.python.registry;

import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.TestPython;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reads answer from the last complete snapshot while a writer probes. The slow interpreter is a real
 * one behind a gate: a wrapper that waits for a file the test creates, then runs the test CPython.
 */
class ReadsDuringProbesTest {

    private static final Duration READ_BOUND = Duration.ofSeconds(20);

    @TempDir
    Path user;

    @TempDir
    Path home;

    private final ProcessRunner runner = new ProcessRunner();

    @Test
    void listAndFindAnswerWhileARefreshProbesAndSeeTheNewInterpreterAfterIt() throws Exception {
        Path bin = user.resolve("bin");
        Path python = TestLayouts.link(bin.resolve("python3.13"), TestPython.executable());
        PythonRuntimeRegistry registry = registry(bin);
        registry.initialize();
        String id = registry.find("3.13").orElseThrow().id();
        registry.setDefaultRuntime(id);
        Path gated = gatedInterpreter(bin.resolve("python3"));

        CompletableFuture<Void> refresh = CompletableFuture.runAsync(registry::refresh);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(started()));

        assertThat(readWhileProbing(registry::list)).extracting(PythonRuntimeInfo::executable).containsExactly(python);
        assertThat(readWhileProbing(() -> registry.find("3.13"))).map(PythonRuntimeInfo::id).contains(id);
        assertThat(readWhileProbing(() -> registry.candidates("3"))).extracting(PythonRuntimeInfo::id).containsExactly(id);
        assertThat(readWhileProbing(() -> registry.getRuntime(id))).isPresent();
        assertThat(readWhileProbing(registry::getDefaultRuntime)).map(PythonRuntimeInfo::id).contains(id);
        assertThat(readWhileProbing(() -> registry.explainMiss("3.99"))).contains("No Python 3.99 found");
        assertThat(refresh).as("the refresh is still probing the gated interpreter").isNotDone();

        Files.createFile(release());
        refresh.get(60, TimeUnit.SECONDS);
        assertThat(registry.list()).extracting(PythonRuntimeInfo::executable).containsExactlyInAnyOrder(python, gated);
    }

    @Test
    void listAnswersWhileAnExplicitInterpreterIsInterrogated() throws Exception {
        Path bin = user.resolve("bin");
        Path python = TestLayouts.link(bin.resolve("python3.13"), TestPython.executable());
        PythonRuntimeRegistry registry = registry(bin);
        registry.initialize();
        Path gated = gatedInterpreter(user.resolve("elsewhere/bin/python3"));

        CompletableFuture<PythonRuntimeInfo> interrogation = CompletableFuture.supplyAsync(() -> registry.interrogate(gated));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(started()));

        assertThat(readWhileProbing(registry::list)).extracting(PythonRuntimeInfo::executable).containsExactly(python);
        assertThat(interrogation).isNotDone();

        Files.createFile(release());
        assertThat(interrogation.get(60, TimeUnit.SECONDS).version()).isEqualTo(TestPython.VERSION);
        assertThat(registry.list()).extracting(PythonRuntimeInfo::executable).contains(gated);
    }

    private PythonRuntimeRegistry registry(Path bin) {
        return new PythonRuntimeRegistry(home, runner, DiscoveryRoots.isolated(user, List.of(bin)), Duration.ofSeconds(60));
    }

    /** The test CPython behind a gate: says it started, waits for the release file, then runs. */
    private Path gatedInterpreter(Path file) {
        return TestLayouts.script(file, "touch '" + started() + "'\nwhile [ ! -f '" + release() + "' ]; do sleep 0.05; done\nexec '"
                + TestPython.executable() + "' \"$@\"");
    }

    private Path started() {
        return user.resolve("probe-started");
    }

    private Path release() {
        return user.resolve("probe-release");
    }

    /** Runs a read on another thread: it must answer while the probe is held at its gate (a generous bound, not a timing claim). */
    private static <T> T readWhileProbing(Supplier<T> read) throws Exception {
        return CompletableFuture.supplyAsync(read).get(READ_BOUND.toSeconds(), TimeUnit.SECONDS);
    }
}
