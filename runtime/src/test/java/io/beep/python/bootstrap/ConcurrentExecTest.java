package io.beep.python.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beep.python.ProcessResult;
import io.beep.python.fs.HomeLayout;
import io.beep.python.testing.OwnChildren;
import io.beep.python.testing.TestPython;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Many callers and hostile output on one ready environment: every call completes, nothing leaks. */
class ConcurrentExecTest {

    private static final int CALLS = 200;

    @TempDir
    Path home;

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private PythonBootstrapManager manager;
    private ManagedPythonEnvironment environment;

    @AfterEach
    void tearDown() throws IOException {
        if (environment != null) {
            environment.close();
        }
        // The first venv of a fresh home leaves the seed cache compiling in the background, which then writes into the
        // home (its lock, the .pyc files, the manifest): JUnit deleting the @TempDir meanwhile failed the test once, or
        // the lock brought the deleted home back. @AfterEach runs before the @TempDir is deleted.
        try {
            if (manager != null) {
                manager.awaitBackgroundWork(Duration.ofMinutes(2));
                // Done, not given up on: the compile's last write, the compiled entry's manifest, is there.
                assertThat(compiledSeedManifests()).as("compiled seed-cache manifests under " + home).isNotEmpty();
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private List<Path> compiledSeedManifests() throws IOException {
        Path seeds = HomeLayout.of(home).cache(HomeLayout.Cache.SEED);
        try (Stream<Path> entries = Files.list(seeds)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".manifest")).toList();
        }
    }

    private ManagedPythonEnvironment ready(String name) {
        manager = new PythonBootstrapManager(home);
        environment = new ManagedPythonEnvironment(BootstrapOptions.builder().environmentName(name).interpreter(TestPython.executable())
                .execTimeout(Duration.ofMinutes(3)).build(), manager, executor, BlockingGuard.NONE);
        environment.awaitReady(Duration.ofMinutes(2));
        return environment;
    }

    @Test
    void twoHundredConcurrentExecCallsAllCompleteWithoutLeakingDescriptorsOrProcesses() throws Exception {
        ManagedPythonEnvironment python = ready("busy");
        python.exec("print('warm')");
        // The count of this test's children below sees an exec process while it runs: the leak check cannot pass by
        // seeing nothing.
        Path release = home.resolve("release");
        CompletableFuture<ProcessResult> waiting = CompletableFuture.supplyAsync(() -> python.exec(
                "import os, time\nwhile not os.path.exists(" + pythonString(release) + "): time.sleep(0.02)\nprint('released')"));
        await("an exec process of this test is seen").atMost(Duration.ofSeconds(30)).until(() -> OwnChildren.naming(home).count() == 1);
        Files.writeString(release, "");
        assertThat(waiting.get(30, TimeUnit.SECONDS).stdout().strip()).isEqualTo("released");
        long fdsBefore = openDescriptors();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(CALLS);
        long begin = System.nanoTime();
        try {
            List<CompletableFuture<ProcessResult>> calls = IntStream.range(0, CALLS).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return python.exec("import sys; print(" + i + "); print('e" + i + "', file=sys.stderr)");
            }, callers)).toList();
            start.countDown();
            List<ProcessResult> results = calls.stream().map(CompletableFuture::join).toList();
            System.out.printf("%d concurrent exec calls: %.1f s%n", CALLS, (System.nanoTime() - begin) / 1e9);

            for (int i = 0; i < CALLS; i++) {
                assertThat(results.get(i).exitCode()).isZero();
                assertThat(results.get(i).stdout().strip()).isEqualTo(String.valueOf(i));
                assertThat(results.get(i).stderr().strip()).isEqualTo("e" + i);
            }
        } finally {
            callers.shutdownNow();
        }
        // Only the processes this test's environment started (their venv lives under this test's home): a child left
        // by another class in this JVM is not this test's leak.
        await("the exec processes of this test's environment have ended").atMost(Duration.ofSeconds(30))
                .until(() -> OwnChildren.naming(home).count() == 0);
        // The output readers close their pipes when a process ends; allow for the JVM's own descriptors to vary a little.
        await().atMost(Duration.ofSeconds(30)).until(() -> openDescriptors() <= fdsBefore + 10);
    }

    @Test
    void hugeAndBinaryOutputFromExecIsCappedAndDecodedNotFatal() {
        ManagedPythonEnvironment python = ready("noisy");

        ProcessResult huge = python.exec("import sys\nfor _ in range(48): sys.stdout.write('x' * (1 << 20))");
        assertThat(huge.exitCode()).isZero();
        assertThat(huge.stdout().length()).as("capped at 16 MB, the rest drained and dropped").isEqualTo(16 << 20);

        ProcessResult binary = python.exec("import sys; sys.stdout.buffer.write(bytes(range(256)) * 4096); sys.stdout.flush()");
        assertThat(binary.exitCode()).isZero();
        assertThat(binary.stdout()).hasSizeGreaterThan(0).contains("\uFFFD");

        assertThat(python.exec("print('still fine')").stdout().strip()).isEqualTo("still fine");
    }

    private static String pythonString(Path path) {
        return "'" + path.toAbsolutePath().toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static long openDescriptors() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return 0;
        }
        try (Stream<Path> list = Files.list(fds)) {
            return list.count();
        }
    }
}
