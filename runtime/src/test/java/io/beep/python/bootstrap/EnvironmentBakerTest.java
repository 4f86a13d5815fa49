package io.beep.python.bootstrap;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;
import io.beep.python.fs.FileTrees;
import io.beep.python.packages.InstallerKind;
import io.beep.python.packages.PackageSources;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.testing.LogRecords;
import io.beep.python.testing.LoopbackPackageIndex;
import io.beep.python.testing.ProcessCounter;
import io.beep.python.testing.TestPython;
import io.beep.python.testing.WheelBuilder;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Build-time environments, on real parts: the managed CPython from the local Maven repository, a
 * loopback index with wheels the test builds, a real venv and pip. The baked output is moved to
 * another directory before use, as a {@code COPY} into an image would.
 */
class EnvironmentBakerTest {

    @TempDir
    static Path dir;
    static LoopbackPackageIndex index;
    static Path buildHome;
    static EnvironmentBaker.Baked first;
    static int closedPort;

    @BeforeAll
    static void bake() {
        index = LoopbackPackageIndex.start();
        index.add(WheelBuilder.wheel("alpha", "1.0").requires("beta"), WheelBuilder.wheel("beta", "2.0"));
        buildHome = dir.resolve("build-home");
        try (LogRecords log = LogRecords.of(EnvironmentBaker.class).quiet()) {
            first = new EnvironmentBaker(buildHome, new ProcessRunner(), FailureHints.NONE).bake(buildOptions("alpha"), dir.resolve("app/python"),
                    events::add);
            bakeLog = log.records().stream().filter(r -> r.getLevel().intValue() == java.util.logging.Level.INFO.intValue()).map(r -> r.getMessage()).toList();
        }
    }

    static final List<BootstrapProgress> events = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    static List<String> bakeLog;

    @Test
    void theBakeLogsItsStagesAndEachPackageAtInfoButNotEveryEvent() {
        assertThat(bakeLog).anySatisfy(line -> assertThat(line).startsWith("Baking Python environment 'svc': PROVISIONING_PYTHON"));
        // pip collects alpha, then beta, then installs the two: a line for each, with the count.
        assertThat(bakeLog).anySatisfy(line -> assertThat(line).contains("INSTALLING_PACKAGES").contains("(2 packages"));
        assertThat(bakeLog).anySatisfy(line -> assertThat(line).contains("INSTALLING_PACKAGES").contains("(2 of 2 packages"));
        assertThat(bakeLog).anySatisfy(line -> assertThat(line).contains("COMPLETE 100%"));
        assertThat(bakeLog.size()).isLessThanOrEqualTo(events.size());
    }

    @AfterAll
    static void stop() {
        index.close();
    }

    static BootstrapOptions buildOptions(String... packages) {
        return BootstrapOptions.builder().environmentName("svc").pythonVersion(TestPython.VERSION).packages(List.of(packages))
                .installer(InstallerKind.PIP).sources(new PackageSources(Optional.of(index.url()), List.of(), List.of(), false)).build();
    }

    /** As a pod runs it: runtime=auto (the default), offline, and an index nobody listens on. */
    static BootstrapOptions podOptions(Path bakedRoot, String... packages) throws IOException {
        if (closedPort == 0) {
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
        }
        return BootstrapOptions.builder().environmentName("svc").pythonVersion(TestPython.VERSION).packages(List.of(packages))
                .sources(new PackageSources(Optional.of("http://127.0.0.1:" + closedPort + "/simple"), List.of(), List.of(), true))
                .bakedRoot(bakedRoot).build();
    }

    @Test
    void aMovedBakedEnvironmentIsReadyOnAnEmptyHomeWithNoProcessAndItsPackagesImport() throws IOException {
        assertThat(first.packages()).isGreaterThanOrEqualTo(2);
        assertThat(first.bytes()).isPositive();
        Path copy = dir.resolve("moved/app");
        Files.createDirectories(copy.getParent());
        FileTrees.linkTree(dir.resolve("app"), copy);
        Path home = Files.createDirectory(dir.resolve("pod-home"));
        ProcessCounter processes = new ProcessCounter();

        BootstrapResult result = new PythonBootstrapManager(home, processes.runner()).ensurePythonEnvironment(podOptions(copy.resolve("python"), "alpha"));

        assertThat(result.failure()).isEmpty();
        assertThat(result.success()).isTrue();
        assertThat(processes.count()).as("processes started on the baked path").isZero();
        assertThat(result.ready().interpreter()).startsWithRaw(io.beep.python.testing.TestHomes.venv(home, "svc"));
        assertThat(result.ready().runtime().executable()).startsWithRaw(copy.resolve("python/interpreters"));
        assertThat(result.ready().installedPackages()).containsEntry("alpha", "1.0").containsEntry("beta", "2.0");
        assertThat(result.stageDurations()).doesNotContainKeys(BootstrapStage.PROVISIONING_PYTHON, BootstrapStage.INSTALLING_PACKAGES);
        var imported = new ProcessRunner().run(ProcessSpec.of(result.ready().interpreter().toString(), "-c",
                "import alpha, beta, sys; print(beta.__file__.startswith(sys.argv[1]))", copy.resolve("python").toString()));
        assertThat(imported.stdout().strip()).as(imported.stderr()).isEqualTo("True");
        var pip = new ProcessRunner().run(ProcessSpec.of(result.ready().interpreter().toString(), "-m", "pip", "--version"));
        assertThat(pip.exitCode()).as(pip.stderr()).isZero();

        // The next start in the same place is the warm path; in another place the venv is made anew.
        BootstrapResult again = new PythonBootstrapManager(home, processes.runner()).ensurePythonEnvironment(podOptions(copy.resolve("python"), "alpha"));
        assertThat(again.warm()).isTrue();
        assertThat(processes.count()).isZero();
        BootstrapResult elsewhere = new PythonBootstrapManager(home, processes.runner()).ensurePythonEnvironment(podOptions(dir.resolve("app/python"), "alpha"));
        assertThat(elsewhere.success()).isTrue();
        assertThat(elsewhere.warm()).isFalse();
        assertThat(elsewhere.ready().runtime().executable()).startsWithRaw(dir.resolve("app/python"));
        assertThat(processes.count()).isZero();
    }

    /** Blue/green: two copies of one baked application on one home; each keeps its own venv, and deleting one leaves the other ready. */
    @Test
    void twoBakedCopiesOnOneHomeEachKeepTheirOwnVenvAndDeletingOneLeavesTheOtherReady() throws IOException {
        Path blue = dir.resolve("blue/app");
        Path green = dir.resolve("green/app");
        for (Path copy : List.of(blue, green)) {
            Files.createDirectories(copy.getParent());
            FileTrees.linkTree(dir.resolve("app"), copy);
        }
        Path home = Files.createDirectory(dir.resolve("blue-green-home"));
        ManagedPythonEnvironment blueApp = new ManagedPythonEnvironment(podOptions(blue.resolve("python"), "alpha"),
                new PythonBootstrapManager(home), Runnable::run);
        blueApp.awaitReady(java.time.Duration.ofMinutes(1));
        BootstrapResult greenStart = new PythonBootstrapManager(home).ensurePythonEnvironment(podOptions(green.resolve("python"), "alpha"));

        assertThat(greenStart.failure()).isEmpty();
        assertThat(greenStart.ready().location()).isNotEqualTo(blueApp.location());
        FileTrees.delete(green);

        assertThat(blueApp.checkStillPresent()).as("blue's venv still points at blue").isTrue();
        var imported = new ProcessRunner().run(ProcessSpec.of(blueApp.interpreter().toString(), "-c",
                "import beta, sys; print(beta.__file__.startswith(sys.argv[1]))", blue.resolve("python").toString()));
        assertThat(imported.stdout().strip()).as(imported.stderr()).isEqualTo("True");
        blueApp.close();
    }

    /** A deleted application copy under a running environment turns it DOWN, naming the directory, instead of a COMPLETE that cannot start. */
    @Test
    void aRunningBakedEnvironmentWhoseApplicationCopyIsDeletedTurnsDownNamingIt() throws IOException {
        Path copy = dir.resolve("doomed/app");
        Files.createDirectories(copy.getParent());
        FileTrees.linkTree(dir.resolve("app"), copy);
        Path home = Files.createDirectory(dir.resolve("doomed-home"));
        ManagedPythonEnvironment app = new ManagedPythonEnvironment(podOptions(copy.resolve("python"), "alpha").toBuilder().autoRepair(false)
                .build(), new PythonBootstrapManager(home), Runnable::run);
        app.awaitReady(java.time.Duration.ofMinutes(1));

        FileTrees.delete(copy);

        assertThat(app.checkStillPresent()).isFalse();
        assertThat(app.isReady()).isFalse();
        assertThat(app.status().error().orElseThrow()).contains("the baked packages", copy.resolve("python").toString(), "are gone");
        app.close();
    }

    /** Pods of a ReadWriteMany home starting together: one writes the venv, the others wait on its lock and take the warm path. */
    @Test
    void fourProcessesStartingAtOnceOnOneHomeShareOneVenv() throws IOException {
        Path home = Files.createDirectory(dir.resolve("shared-home"));
        ProcessSpec spec = ProcessSpec.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), BakedStartMain.class.getName(), home.toString(), dir.resolve("app/python").toString(),
                TestPython.VERSION, "alpha").withTimeout(java.time.Duration.ofMinutes(2));
        ProcessRunner runner = new ProcessRunner();
        List<String> outcomes = java.util.stream.IntStream.range(0, 4)
                .mapToObj(i -> java.util.concurrent.CompletableFuture.supplyAsync(() -> runner.run(spec)))
                .toList().stream().map(java.util.concurrent.CompletableFuture::join)
                .map(r -> r.stdout().lines().filter(l -> l.startsWith("warm=")).findFirst().orElse(r.stdout() + r.stderr()))
                .sorted().toList();
        assertThat(outcomes).containsExactly("warm=false", "warm=true", "warm=true", "warm=true");
        assertThat(io.beep.python.testing.TestHomes.venv(home, "svc").resolve("pyvenv.cfg")).exists();
        assertThat(home.resolve("venvs")).isDirectoryNotContaining("glob:**/.svc.tmp-*");
    }

    @Test
    void aSecondBakeWithUnchangedInputsReusesTheBuildHome() {
        ProcessCounter processes = new ProcessCounter();
        EnvironmentBaker.Baked second = new EnvironmentBaker(buildHome, processes.runner(), FailureHints.NONE).bake(buildOptions("alpha"),
                dir.resolve("app2/python"), progress -> {
                });
        assertThat(second.reused()).isTrue();
        assertThat(processes.count()).isZero();
        assertThat(BakedEnvironment.read(dir.resolve("app2/python"), "svc").orElseThrow().packages()).containsEntry("alpha", "1.0");
    }

    @Test
    void otherRunTimePackagesThanBakedAreNotServedFromTheBakedEnvironment() throws IOException {
        BootstrapResult result = new PythonBootstrapManager(Files.createDirectory(dir.resolve("other-home")), new ProcessRunner())
                .ensurePythonEnvironment(podOptions(dir.resolve("app/python"), "alpha", "gamma"));
        assertThat(result.warnings()).anyMatch(w -> w.contains("was made for other packages"));
        assertThat(result.success()).isFalse(); // offline, and gamma is on no index
    }

    @Test
    void aPackageTheIndexDoesNotHaveFailsTheBakeNamingIt() {
        assertThatThrownBy(() -> new EnvironmentBaker(dir.resolve("bad-home"), new ProcessRunner(), FailureHints.NONE)
                .bake(buildOptions("no-such-package-xyz"), dir.resolve("bad/python"), progress -> {
                })).isInstanceOf(PythonBootstrapException.class).hasMessageContaining("no-such-package-xyz");
        assertThat(dir.resolve("bad/python/svc/" + BakedEnvironment.FILE_NAME)).doesNotExist();
    }

    @Test
    void anExplicitInterpreterCannotBeBaked() {
        assertThatThrownBy(() -> new EnvironmentBaker(dir.resolve("x-home"), new ProcessRunner(), FailureHints.NONE)
                .bake(buildOptions().toBuilder().interpreter(TestPython.executable()).build(), dir.resolve("x/python"), progress -> {
                })).isInstanceOf(PythonBootstrapException.class).hasMessageContaining("cannot be baked");
    }

    /**
     * A copy of the baked application whose {@code baked.json} says what {@code edit} makes of the built one. The copy's
     * files are hard links to the built ones: the description is replaced, never written through the link.
     */
    static Path tampered(String copyName, java.util.function.UnaryOperator<String> edit) throws IOException {
        Path copy = dir.resolve(copyName + "/app");
        Files.createDirectories(copy.getParent());
        FileTrees.linkTree(dir.resolve("app"), copy);
        Path file = copy.resolve("python/svc/" + BakedEnvironment.FILE_NAME);
        String json = Files.readString(file);
        Files.delete(file);
        Files.writeString(file, edit.apply(json));
        return copy.resolve("python");
    }

    static String withField(String json, String field, String value) {
        String edited = json.replaceFirst("\"" + field + "\"\\s*:\\s*\"[^\"]*\"", java.util.regex.Matcher.quoteReplacement("\"" + field + "\" : \"" + value + "\""));
        assertThat(edited).as("field " + field + " in " + json).isNotEqualTo(json);
        return edited;
    }

    /** Issue 29, 13: a path in baked.json leading out of python/ (by .., absolute or a link) is refused, naming file and field. */
    @Test
    void aBakedFileWhosePathsLeaveThePythonDirectoryIsRefusedNamingTheField() throws IOException {
        Path evil = Files.createDirectories(dir.resolve("evil/site-packages"));
        Files.writeString(evil.resolve("evil.py"), "raise SystemExit('evil imported')\n");
        Path relative = tampered("up", json -> withField(json, "sitePackages", "../../../../evil/site-packages"));
        Path absolute = tampered("absolute", json -> withField(json, "sitePackages", evil.toString()));
        Path linked = tampered("linked", json -> withField(json, "sitePackages", "svc/elsewhere"));
        Files.createSymbolicLink(linked.resolve("svc/elsewhere"), evil);
        Path program = tampered("program", json -> withField(json, "executable", TestPython.executable().toString()));

        for (Path[] bakedAndHome : new Path[][] {{relative, dir.resolve("h-up")}, {absolute, dir.resolve("h-abs")}, {linked, dir.resolve("h-link")}}) {
            ProcessCounter processes = new ProcessCounter();
            BootstrapResult result = new PythonBootstrapManager(Files.createDirectory(bakedAndHome[1]), processes.runner())
                    .ensurePythonEnvironment(podOptions(bakedAndHome[0], "alpha"));
            assertThat(result.success()).isFalse();
            assertThat(result.failure().orElseThrow().getMessage()).contains(bakedAndHome[0].resolve("svc/baked.json").toString())
                    .contains("field 'sitePackages'").contains("outside");
            assertThat(processes.count()).isZero();
            assertThat(bakedAndHome[1].resolve("venvs/svc")).doesNotExist();
        }
        BootstrapResult runsOther = new PythonBootstrapManager(Files.createDirectory(dir.resolve("h-program")), new ProcessRunner())
                .ensurePythonEnvironment(podOptions(program, "alpha"));
        assertThat(runsOther.failure().orElseThrow().getMessage()).contains(program.resolve("svc/baked.json").toString())
                .contains("field 'runtime.executable'").contains(TestPython.executable().toString());
    }

    /** Issue 29, 13: the version reported is the interpreter's, read from its files; another one in baked.json is refused. */
    @Test
    void aBakedFileClaimingAnotherPythonVersionIsRefused() throws IOException {
        Path claims = tampered("version", json -> withField(json, "pythonVersion", "3.99.1"));
        ProcessCounter processes = new ProcessCounter();
        BootstrapResult result = new PythonBootstrapManager(Files.createDirectory(dir.resolve("h-version")), processes.runner())
                .ensurePythonEnvironment(podOptions(claims, "alpha"));
        assertThat(result.success()).isFalse();
        assertThat(result.failure().orElseThrow().getMessage()).contains(claims.resolve("svc/baked.json").toString())
                .contains("field 'pythonVersion'").contains("3.99.1").contains("is Python " + TestPython.VERSION);
        assertThat(processes.count()).as("the version is read from the interpreter's files, not a process").isZero();
    }

    /**
     * Issue 29, 14: a damaged, empty, future or other-input baked.json is not used, and each case says so at WARN naming
     * the file and why; the offline pod's failure that follows names it too.
     */
    @Test
    void anUnusableBakedFileIsNamedAtWarnAndInTheFailureThatFollows() throws IOException {
        java.util.Map<String, java.util.function.UnaryOperator<String>> cases = new java.util.LinkedHashMap<>();
        cases.put("not valid JSON", json -> json.substring(0, json.length() / 2));
        cases.put("it is empty", json -> "");
        cases.put("its schemaVersion is 9.0", json -> withField(json, "schemaVersion", "9.0"));
        cases.put("was made for other packages", json -> withField(json, "fingerprint", "0000"));
        try (LogRecords log = LogRecords.of(PythonBootstrapManager.class)) {
            int i = 0;
            for (var entry : cases.entrySet()) {
                Path baked = tampered("corrupt" + i, entry.getValue());
                Path file = baked.resolve("svc/baked.json");
                List<BootstrapProgress> progress = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
                BootstrapResult result = new PythonBootstrapManager(Files.createDirectory(dir.resolve("h-corrupt" + i++)), new ProcessRunner())
                        .ensurePythonEnvironment(podOptions(baked, "alpha"), progress::add, io.beep.python.process.Cancellation.none());

                assertThat(log.warnings()).as(entry.getKey()).anyMatch(w -> w.contains(file.toString()) && w.contains(entry.getKey()));
                assertThat(result.warnings()).anyMatch(w -> w.contains(file.toString()) && w.contains(entry.getKey()));
                assertThat(result.success()).as("offline, on a closed index").isFalse();
                BootstrapProgress failed = progress.get(progress.size() - 1);
                assertThat(failed.stage()).isEqualTo(BootstrapStage.FAILED);
                assertThat(failed.message()).as("what readiness reports").contains(file.toString()).contains(entry.getKey());
            }
        }
    }
}
