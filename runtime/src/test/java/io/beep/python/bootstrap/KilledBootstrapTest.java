package io.beep.python.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beep.python.ProcessResult;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.testing.LoopbackPackageIndex;
import io.beep.python.testing.TestPython;
import io.beep.python.testing.WheelBuilder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * {@code kill -9} of the application JVM at each stage of a bootstrap (real child JVMs, real
 * CPython, pip and a loopback index): the next start, without help, finds a complete environment
 * or rebuilds it, never uses a half-made interpreter or venv, and cleans what the killed one left.
 */
class KilledBootstrapTest {

    @TempDir
    Path home;

    final ProcessRunner runner = new ProcessRunner();

    @Test
    void killedWhileUnpackingTheInterpreterTheNextStartProvisionsAFreshOne() throws Exception {
        Killable child = Killable.start(home, "unpack", "provision", "-", "-");
        Path embedded = home.resolve("embedded");
        await().atMost(Duration.ofMinutes(2)).until(() -> tempDirectories(embedded).stream().anyMatch(KilledBootstrapTest::holdsFiles));
        child.killJvmOnly();

        assertThat(managedInterpreters(embedded)).as("no half-made interpreter in place").isEmpty();
        ProcessResult next = Killable.runToEnd(home, "unpack", "provision", "-", "-");
        assertThat(next.stdout()).as(next.stderr()).contains("success=true");
        assertThat(tempDirectories(embedded)).as("the killed run's work directory was removed").isEmpty();
        assertThat(managedInterpreters(embedded)).hasSize(1);
    }

    @Test
    void killedWhileCreatingTheVenvTheNextStartMakesAWorkingOne() throws Exception {
        Killable child = Killable.start(home, "venv", TestPython.executable().toString(), "-", "-");
        child.awaitStage("CREATING_VIRTUAL_ENV");
        child.killJvmOnly();

        ProcessResult next = Killable.runToEnd(home, "venv", TestPython.executable().toString(), "-", "-");
        assertThat(next.stdout()).as(next.stderr()).contains("success=true");
        Path python = io.beep.python.testing.TestHomes.venv(home, "venv").resolve("bin/python");
        assertThat(runner.run(ProcessSpec.of(python.toString(), "-c", "import sys; print(sys.prefix != sys.base_prefix)")).stdout())
                .contains("True");
        assertThat(hidden(home.resolve("venvs"))).as("temporary venv directories").isEmpty();
    }

    @Test
    void killedDuringTheInstallWhilePipOutlivesItTheNextStartEndsWithAConsistentEnvironment() throws Exception {
        try (LoopbackPackageIndex index = LoopbackPackageIndex.start()) {
            // Big enough that pip is still writing when the JVM dies.
            index.add(WheelBuilder.wheel("heavy", "1.0").requires("light").module("heavy/blob.py", "#" + "y".repeat(48 << 20) + "\n"),
                    WheelBuilder.wheel("light", "2.0"));
            Killable child = Killable.start(home, "install", TestPython.executable().toString(), "heavy", index.url());
            child.awaitStage("INSTALLING_PACKAGES");
            ProcessHandle pip = await().atMost(Duration.ofMinutes(1)).until(child::installer, java.util.Optional::isPresent).orElseThrow();
            child.killJvmOnly();
            // The name promises the orphaned-pip path; without a live pip here the test would prove only a plain restart.
            assertThat(pip.isAlive()).as("pip (pid " + pip.pid() + ") outlived the killed JVM").isTrue();

            ProcessResult next = Killable.runToEnd(home, "install", TestPython.executable().toString(), "heavy", index.url());
            assertThat(next.stdout()).as(next.stderr()).contains("success=true");
            assertThat(pip.isAlive()).as("the orphaned pip was waited for (or killed) before the environment was declared ready").isFalse();
            Path python = io.beep.python.testing.TestHomes.venv(home, "install").resolve("bin/python");
            ProcessResult check = runner.run(ProcessSpec.of(python.toString(), "-m", "pip", "check"));
            assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isZero();
            assertThat(runner.run(ProcessSpec.of(python.toString(), "-c", "import heavy.blob, light; print('imported')")).stdout())
                    .contains("imported");
        }
    }

    /**
     * Issue 35: a run killed mid-install left {@code tmp/install-*} and {@code tmp/lock-*.txt} for ever unless another
     * install happened into the same home. The next start sweeps them, and leaves the work files of a second run that
     * is still alive, mid-install, untouched.
     */
    @Test
    void theNextStartRemovesAKilledRunsWorkFilesAndKeepsALiveRunsOnes() throws Exception {
        try (LoopbackPackageIndex index = LoopbackPackageIndex.start()) {
            WheelBuilder gone = WheelBuilder.wheel("beep-gone", "1.0");
            WheelBuilder live = WheelBuilder.wheel("beep-live", "1.0");
            index.add(gone, live);
            Path tmp = home.resolve("tmp");
            Killable killed;
            Killable alive;
            try (LoopbackPackageIndex.Stall goneStall = index.stall(gone.fileName());
                    LoopbackPackageIndex.Stall liveStall = index.stall(live.fileName())) {
                // Both runs are mid-install before one dies: an install's own clean-up at its start would otherwise
                // remove the dead run's files, and this test would not be about the start-up sweep.
                killed = Killable.start(home, "gone", TestPython.executable().toString(), "beep-gone", index.url());
                assertThat(goneStall.awaitRequest(Duration.ofMinutes(2))).as("the first run's pip asked for its wheel").isTrue();
                alive = Killable.start(home, "live", TestPython.executable().toString(), "beep-live", index.url());
                try {
                    assertThat(liveStall.awaitRequest(Duration.ofMinutes(2))).as("the live run's pip asked for its wheel").isTrue();
                    List<Path> killedFiles = ownedBy(tmp, killed.pid());
                    List<Path> liveFiles = ownedBy(tmp, alive.pid());
                    assertThat(killedFiles).as("the first run's work directory and argument file").isNotEmpty();
                    assertThat(liveFiles).as("the live run's work files").isNotEmpty();
                    ProcessHandle orphan = killed.installer().orElseThrow();
                    killed.killJvmOnly();
                    orphan.destroyForcibly(); // its pip would otherwise wait for the stalled wheel
                    orphan.onExit().get(1, java.util.concurrent.TimeUnit.MINUTES);

                    // The next start: no package to install, so only the start-up sweep can remove anything.
                    BootstrapResult next = new PythonBootstrapManager(home, runner).ensurePythonEnvironment(
                            BootstrapOptions.builder().environmentName("next").interpreter(TestPython.executable()).build());

                    assertThat(next.success()).as(next.failure().map(Throwable::getMessage).orElse("")).isTrue();
                    assertThat(killedFiles).as("the killed run's leftovers").noneMatch(Files::exists);
                    assertThat(liveFiles).as("the live run's work files, still in use").allMatch(Files::exists);
                } finally {
                    liveStall.close();
                    killed.destroyTree(); // when an assertion failed before the kill: nothing of ours outlives the test
                }
                ProcessResult finished = alive.awaitEnd();
                assertThat(finished.stdout()).as("the live run, undisturbed, completes").contains("success=true");
            }
        }
    }

    /** The entries of {@code tmp} whose name carries {@code pid} as their maker ({@code STEM PID-START-NS-R}). */
    private static List<Path> ownedBy(Path tmp, long pid) throws IOException {
        try (Stream<Path> entries = Files.list(tmp)) {
            return entries.filter(p -> p.getFileName().toString().matches("(install|lock)-" + pid + "-\\d+-\\d+-\\d+(\\.txt)?")).toList();
        }
    }

    private static boolean holdsFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.limit(50).count() >= 50;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Path> tempDirectories(Path embedded) throws IOException {
        return hidden(embedded);
    }

    private static List<Path> hidden(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        }
    }

    private static List<Path> managedInterpreters(Path embedded) throws IOException {
        if (!Files.isDirectory(embedded)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(embedded)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("cpython-")).toList();
        }
    }

    /** A child JVM running {@link StagedBootstrapMain}, whose stages we follow and which we can SIGKILL alone. */
    static final class Killable {
        private final Process process;
        private final Set<String> stages = ConcurrentHashMap.newKeySet();
        private final List<String> output = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Thread reader;

        private Killable(Process process) {
            this.process = process;
            reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        output.add(line);
                        if (line.startsWith("stage=")) {
                            stages.add(line.substring("stage=".length()));
                        }
                    }
                } catch (IOException ignored) {
                    // The process died.
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        static ProcessSpec spec(Path home, String... args) {
            List<String> argv = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), StagedBootstrapMain.class.getName(), home.toString()));
            argv.addAll(List.of(args));
            return ProcessSpec.of(argv).withTimeout(Duration.ofMinutes(4));
        }

        static Killable start(Path home, String... args) throws IOException {
            return new Killable(new ProcessRunner().builder(spec(home, args)).redirectErrorStream(true).start());
        }

        static ProcessResult runToEnd(Path home, String... args) {
            return new ProcessRunner().run(spec(home, args));
        }

        void awaitStage(String stage) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(5)).until(() -> stages.contains(stage) || !process.isAlive());
            assertThat(stages).as("the child reached " + stage).contains(stage);
        }

        /** pip (or uv), started by the child JVM. */
        java.util.Optional<ProcessHandle> installer() {
            return process.descendants().filter(p -> p.info().commandLine().orElse("").contains(" pip ")
                    || p.info().commandLine().orElse("").contains("uv")).findFirst();
        }

        void destroyTree() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }

        long pid() {
            return process.pid();
        }

        /** Waits for the child to end by itself; its output as far as the reader did not take it. */
        ProcessResult awaitEnd() throws Exception {
            boolean ended = process.waitFor(4, java.util.concurrent.TimeUnit.MINUTES);
            if (!ended) {
                process.destroyForcibly();
            }
            reader.join(Duration.ofSeconds(30).toMillis()); // it reads to the end of the output
            return new ProcessResult(process.exitValue(), String.join("\n", output), "", Duration.ZERO);
        }

        /** SIGKILL to the JVM and nothing else: its children are orphaned, as with {@code kill -9 <pid>}. */
        void killJvmOnly() throws Exception {
            process.destroyForcibly();
            process.onExit().get(1, java.util.concurrent.TimeUnit.MINUTES);
        }
    }
}
