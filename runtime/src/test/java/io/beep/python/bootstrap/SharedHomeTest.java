package io.beep.python.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.ProcessResult;
import io.beep.python.packages.PackageSources;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.testing.LoopbackPackageIndex;
import io.beep.python.testing.TestHomes;
import io.beep.python.testing.TestPython;
import io.beep.python.testing.WheelBuilder;
import io.beep.python.venv.VenvCollector;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One home, many applications (issue 30), on real parts: CPython, venv, pip, a loopback index, and child JVMs
 * where a live other process matters. A venv belongs to its inputs: different inputs never share one, and one a
 * running application uses is never changed by another.
 */
class SharedHomeTest {

    static LoopbackPackageIndex index;

    @TempDir
    Path home;

    @BeforeAll
    static void startIndex() {
        index = LoopbackPackageIndex.start();
        index.add(WheelBuilder.wheel("six", "1.16.0"), WheelBuilder.wheel("six", "1.17.0"), WheelBuilder.wheel("idna", "3.10"));
    }

    @AfterAll
    static void stopIndex() {
        index.close();
    }

    static BootstrapOptions.Builder app(String... packages) {
        return BootstrapOptions.builder().environmentName("default").interpreter(TestPython.executable()).packages(List.of(packages))
                .sources(new PackageSources(Optional.of(index.url()), List.of(), List.of(), false));
    }

    static String versionOf(Path python, String distribution) {
        ProcessResult result = new ProcessRunner().run(ProcessSpec.of(python.toString(), "-c",
                "import importlib.metadata as m, sys\ntry:\n print(m.version(sys.argv[1]))\nexcept m.PackageNotFoundError:\n print('absent')",
                distribution));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result.stdout().strip();
    }

    @Test
    void twoApplicationsWithDifferentPinsOfOnePackageOnOneHomeEachKeepTheirOwnVersion() {
        BootstrapResult a = new PythonBootstrapManager(home).ensurePythonEnvironment(app("six==1.16.0").build());
        BootstrapResult b = new PythonBootstrapManager(home).ensurePythonEnvironment(app("six==1.17.0").build());
        BootstrapResult aAgain = new PythonBootstrapManager(home).ensurePythonEnvironment(app("six==1.16.0").build());

        assertThat(List.of(a, b, aAgain)).allSatisfy(r -> assertThat(r.failure()).isEmpty());
        assertThat(a.ready().location()).isNotEqualTo(b.ready().location());
        assertThat(versionOf(a.ready().interpreter(), "six")).isEqualTo("1.16.0");
        assertThat(versionOf(b.ready().interpreter(), "six")).isEqualTo("1.17.0");
        assertThat(aAgain.warm()).as("A's restart finds its own venv unchanged").isTrue();
        assertThat(versionOf(b.ready().interpreter(), "six")).as("A's restart changes nothing under B").isEqualTo("1.17.0");
        assertThat(TestHomes.venvs(home, "default")).hasSize(2);
    }

    @Test
    void twoApplicationsWithDifferentPinsStartingAtOnceOnOneHomeEachGetTheirOwnVersion() throws Exception {
        try (Child a = Child.start(home, "six==1.16.0", null); Child b = Child.start(home, "six==1.17.0", null)) {
            String aReady = a.ready();
            String bReady = b.ready();
            assertThat(aReady).startsWith("success=true");
            assertThat(bReady).startsWith("success=true");
            Path aVenv = Path.of(aReady.substring(aReady.indexOf("location=") + "location=".length()));
            Path bVenv = Path.of(bReady.substring(bReady.indexOf("location=") + "location=".length()));

            assertThat(aVenv).isNotEqualTo(bVenv);
            assertThat(versionOf(aVenv.resolve("bin/python"), "six")).isEqualTo("1.16.0");
            assertThat(versionOf(bVenv.resolve("bin/python"), "six")).isEqualTo("1.17.0");
        }
    }

    @Test
    void twoApplicationsAskingForOtherPackagesDoNotGainEachOthers() {
        BootstrapResult a = new PythonBootstrapManager(home).ensurePythonEnvironment(app("six").build());
        BootstrapResult b = new PythonBootstrapManager(home).ensurePythonEnvironment(app("idna").build());

        assertThat(versionOf(a.ready().interpreter(), "idna")).isEqualTo("absent");
        assertThat(versionOf(b.ready().interpreter(), "six")).isEqualTo("absent");
    }

    @Test
    void twoApplicationsWithTheSameInputsShareOneVenv() {
        BootstrapResult a = new PythonBootstrapManager(home).ensurePythonEnvironment(app("six==1.16.0").build());
        BootstrapResult b = new PythonBootstrapManager(home).ensurePythonEnvironment(app("six==1.16.0").build());

        assertThat(b.ready().location()).isEqualTo(a.ready().location());
        assertThat(b.warm()).isTrue();
        assertThat(TestHomes.venvs(home, "default")).containsExactly(a.ready().location());
    }

    /** What a second venv with the same packages costs (docs/performance.md): linked from the store, no download, no installer. */
    @Test
    void aSecondVenvWithTheSamePackagesIsLinkedFromTheStoreWithoutTheIndex() {
        io.beep.python.testing.ProcessCounter processes = new io.beep.python.testing.ProcessCounter();
        long begin = System.nanoTime();
        BootstrapResult first = new PythonBootstrapManager(home, processes.runner()).ensurePythonEnvironment(
                app("six==1.16.0", "idna==3.10").environmentName("first").build());
        double firstMillis = (System.nanoTime() - begin) / 1e6;
        long firstProcesses = processes.count();
        index.clearRequests();
        begin = System.nanoTime();
        BootstrapResult second = new PythonBootstrapManager(home, processes.runner()).ensurePythonEnvironment(
                app("six==1.16.0", "idna==3.10").environmentName("second").build());
        double secondMillis = (System.nanoTime() - begin) / 1e6;

        assertThat(second.failure()).isEmpty();
        assertThat(second.ready().location()).isNotEqualTo(first.ready().location());
        assertThat(index.requests()).as("linked from the store: no request to the index").isEmpty();
        assertThat(versionOf(second.ready().interpreter(), "six")).isEqualTo("1.16.0");
        System.out.printf("[BENCHMARK] new venv, 2 packages from the loopback index: %.1f ms (processes %d); second venv with the same"
                + " packages, linked from the store: %.1f ms (processes %d), stages %s%n", firstMillis, firstProcesses, secondMillis,
                processes.count() - firstProcesses, second.stageDurations());
    }

    @Test
    void anExplicitVenvPathAnotherRunningApplicationMadeForOtherInputsIsRefusedNamingBoth() throws Exception {
        Path venv = home.resolve("chosen");
        try (Child other = Child.start(home, "six==1.16.0", venv)) {
            assertThat(other.ready()).startsWith("success=true");

            BootstrapResult refused = new PythonBootstrapManager(home).ensurePythonEnvironment(
                    app("six==1.17.0").virtualEnvironmentPath(venv).build());

            assertThat(refused.success()).isFalse();
            assertThat(refused.failure().orElseThrow().getMessage()).contains("'" + venv.toAbsolutePath().normalize() + "'",
                    "pid " + other.pid(), "six==1.16.0", "six==1.17.0");
            assertThat(versionOf(venv.resolve("bin/python"), "six")).as("the running application's venv is unchanged").isEqualTo("1.16.0");
        }
        // Nobody else uses it now: the user's own restart with new configuration installs as before.
        BootstrapResult alone = new PythonBootstrapManager(home).ensurePythonEnvironment(app("six==1.17.0").virtualEnvironmentPath(venv).build());
        assertThat(alone.failure()).isEmpty();
        assertThat(versionOf(venv.resolve("bin/python"), "six")).isEqualTo("1.17.0");
    }

    @Test
    void aManagedVenvAnotherRunningApplicationUsesIsUsedAsItIsAndNotInstalledInto() throws Exception {
        try (Child other = Child.start(home, "six==1.16.0", null)) {
            assertThat(other.ready()).startsWith("success=true");
            Path venv = TestHomes.venv(home, "default");
            // A stale marker (an edit under the venv, say) would send this start down the cold path, into the shared venv.
            EnvironmentMarker.delete(venv);
            index.clearRequests();

            BootstrapResult same = new PythonBootstrapManager(home).ensurePythonEnvironment(app("six==1.16.0").build());

            assertThat(same.failure()).isEmpty();
            assertThat(same.ready().location()).isEqualTo(venv);
            assertThat(index.requests()).as("nothing installed into a venv a running application uses").isEmpty();
        }
    }

    @Test
    void aVenvRebuiltUnderARunningEnvironmentTurnsItDownNamingTheChangeAndAutoRepairMakesItsOwnAgain() {
        ManagedPythonEnvironment python = new ManagedPythonEnvironment(app("six==1.16.0").build(), new PythonBootstrapManager(home),
                Runnable::run);
        python.awaitReady(java.time.Duration.ofMinutes(2));
        Path venv = python.location();
        assertThat(python.checkStillPresent()).isTrue();

        EnvironmentMarker.delete(venv);
        java.util.List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
        python.addListener(progress -> messages.add(progress.stage() + " " + progress.message()));

        assertThat(python.checkStillPresent()).isFalse();
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("FAILED").contains(venv.toString(), "lost its marker"));
        python.awaitReady(java.time.Duration.ofMinutes(2));
        assertThat(python.location()).isEqualTo(venv);
        assertThat(versionOf(python.interpreter(), "six")).isEqualTo("1.16.0");
        assertThat(python.checkStillPresent()).isTrue();
        python.close();
    }

    @Test
    void garbageCollectionRemovesAnOldUnusedVenvKeepsRecentAndLiveOnesAndAKilledUserBlocksNothing() throws Exception {
        PythonBootstrapManager manager = new PythonBootstrapManager(home);
        Path old = manager.ensurePythonEnvironment(app("idna").build()).ready().location();
        Path recent = manager.ensurePythonEnvironment(app("six==1.17.0").environmentName("recent").build()).ready().location();
        manager.release("default");
        manager.release("recent");
        makeOld(old);
        try (Child live = Child.start(home, "six==1.16.0", null)) {
            assertThat(live.ready()).startsWith("success=true");
            Path used = TestHomes.venvs(home, "default").stream().filter(p -> !p.equals(old)).findFirst().orElseThrow();
            makeOld(used);

            List<VenvCollector.Decision> decisions = new VenvCollector(home).collect(java.time.Duration.ofDays(14), false);

            assertThat(decisions).anySatisfy(d -> {
                assertThat(d.venv()).isEqualTo(old);
                assertThat(d.action()).isEqualTo(VenvCollector.Action.REMOVED);
            });
            assertThat(old).doesNotExist();
            assertThat(decisions).anySatisfy(d -> {
                assertThat(d.venv()).isEqualTo(used);
                assertThat(d.action()).isEqualTo(VenvCollector.Action.KEPT);
                assertThat(d.reason()).contains("in use by pid " + live.pid());
            });
            assertThat(decisions).anySatisfy(d -> {
                assertThat(d.venv()).isEqualTo(recent);
                assertThat(d.action()).isEqualTo(VenvCollector.Action.KEPT);
                assertThat(d.reason()).startsWith("used recently");
            });
            assertThat(versionOf(used.resolve("bin/python"), "six")).isEqualTo("1.16.0");

            live.kill();
            assertThat(new VenvCollector(home).collect(java.time.Duration.ofDays(14), true)).anySatisfy(d -> {
                assertThat(d.venv()).isEqualTo(used);
                assertThat(d.action()).as("a dry run removes nothing").isEqualTo(VenvCollector.Action.WOULD_REMOVE);
            });
            assertThat(used).isDirectory();
            assertThat(new VenvCollector(home).collect(java.time.Duration.ofDays(14), false)).anySatisfy(d -> {
                assertThat(d.venv()).isEqualTo(used);
                assertThat(d.action()).as("kill -9 of its user leaves no use behind").isEqualTo(VenvCollector.Action.REMOVED);
            });
            assertThat(used).doesNotExist();
            assertThat(recent).isDirectory();
        }
    }

    /** Its last use a month ago. */
    private static void makeOld(Path venv) throws IOException {
        java.nio.file.Files.setLastModifiedTime(venv.resolve(io.beep.python.venv.VirtualEnvironments.OWNERSHIP_FILE),
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofDays(30))));
    }

    /** The rare case: the interpreter behind a venv changed (an upgrade) while another application with the same inputs runs on it. */
    @Test
    void aVenvFromAnotherInterpreterThatARunningApplicationUsesIsNotRecreatedAndTheStartSaysWhy() throws Exception {
        try (Child other = Child.start(home, "six==1.16.0", null)) {
            assertThat(other.ready()).startsWith("success=true");
            Path venv = TestHomes.venv(home, "default");
            // As after a patch upgrade: the venv says it was made by another version than the interpreter now chosen.
            Path cfg = venv.resolve("pyvenv.cfg");
            java.nio.file.Files.writeString(cfg, java.nio.file.Files.readString(cfg).replaceAll("(?m)^(version(_info)?\\s*=\\s*).*$", "$13.13.0"));
            EnvironmentMarker.delete(venv);

            BootstrapResult refused = new PythonBootstrapManager(home).ensurePythonEnvironment(app("six==1.16.0").build());

            assertThat(refused.success()).isFalse();
            assertThat(refused.failure().orElseThrow().getMessage()).contains("'" + venv + "'", "another interpreter", "pid " + other.pid(),
                    "not re-created under a running application");
            assertThat(venv.resolve("bin/python")).as("the running application's venv is still there").exists();
            assertThat(versionOf(venv.resolve("bin/python"), "six")).isEqualTo("1.16.0");
        }
    }

    @Test
    void aRunTimeInstallInOneApplicationMovesItToADerivedVenvAndChangesNothingForTheOther() {
        ManagedPythonEnvironment a = new ManagedPythonEnvironment(app("six==1.16.0").build(), new PythonBootstrapManager(home), Runnable::run);
        ManagedPythonEnvironment b = new ManagedPythonEnvironment(app("six==1.16.0").build(), new PythonBootstrapManager(home), Runnable::run);
        Path shared = a.awaitReady(java.time.Duration.ofMinutes(2)).location();
        assertThat(b.awaitReady(java.time.Duration.ofMinutes(2)).location()).isEqualTo(shared);

        io.beep.python.InstallResult installed = a.install("idna==3.10");

        assertThat(installed.installed()).containsExactly(java.util.Map.entry("idna", "3.10"));
        assertThat(a.location()).isNotEqualTo(shared);
        assertThat(versionOf(a.interpreter(), "idna")).isEqualTo("3.10");
        assertThat(versionOf(a.interpreter(), "six")).isEqualTo("1.16.0");
        assertThat(b.location()).isEqualTo(shared);
        assertThat(versionOf(b.interpreter(), "idna")).as("the other application's venv is unchanged").isEqualTo("absent");
        assertThat(a.checkStillPresent()).isTrue();
        assertThat(b.checkStillPresent()).isTrue();
        BootstrapResult later = new PythonBootstrapManager(home).ensurePythonEnvironment(app("six==1.16.0").build());
        assertThat(later.ready().location()).as("a later start with the same inputs gets the venv as it was").isEqualTo(shared);
        assertThat(later.warm()).isTrue();
        a.close();
        b.close();
    }

    /** A child JVM that bootstraps with {@link HoldingMain} and keeps using its venv until closed. */
    static final class Child implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;

        private Child(Process process) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        static Child start(Path home, String packages, Path venvPath) throws IOException {
            List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), HoldingMain.class.getName(), home.toString(), "default",
                    TestPython.executable().toString(), packages, index.url(), venvPath == null ? "-" : venvPath.toString()));
            return new Child(new ProcessRunner().builder(ProcessSpec.of(argv)).redirectErrorStream(true).start());
        }

        /** The child's outcome line, once it is ready (or failed). */
        String ready() throws IOException {
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("success=")) {
                    return line;
                }
                seen.append(line).append('\n');
            }
            return "exited: " + seen;
        }

        long pid() {
            return process.pid();
        }

        /** SIGKILL: the way a crashed or OOM-killed application ends; it releases nothing itself. */
        void kill() throws Exception {
            process.destroyForcibly();
            process.onExit().get(1, TimeUnit.MINUTES);
        }

        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                process.getOutputStream().close();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    kill();
                }
            }
        }
    }
}
