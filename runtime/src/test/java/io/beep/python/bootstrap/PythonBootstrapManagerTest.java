package io.beep.python.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.BootstrapStage;
import io.beep.python.process.Cancellation;
import io.beep.python.process.InterProcessLock;
import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.ProcessCounter;
import io.beep.python.process.ProcessSpec;
import io.beep.python.testing.MachinePython;
import io.beep.python.testing.TestPython;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

class PythonBootstrapManagerTest {

    @TempDir
    Path home;

    private final ProcessCounter processes = new ProcessCounter();
    private final ProcessRunner runner = processes.runner();
    private PythonBootstrapManager manager;
    private Path interpreter;

    @BeforeEach
    void setUp() {
        interpreter = MachinePython.find();
        manager = new PythonBootstrapManager(home, runner);
    }

    @AfterEach
    void waitForBackgroundWork() {
        manager.awaitBackgroundWork(Duration.ofMinutes(5)); // the seed cache compiles after readiness, in the temp home
    }

    @Test
    void createsVenvUnderHomeAndReportsEveryStageInOrderWithPercentNeverDecreasing() {
        List<BootstrapProgress> events = new ArrayList<>();
        BootstrapResult result = manager.ensurePythonEnvironment(
                BootstrapOptions.builder().environmentName("core").interpreter(interpreter).build(), events::add, Cancellation.none());

        assertThat(result.failure()).isEmpty();
        assertThat(result.success()).isTrue();
        assertThat(result.ready().location()).isEqualTo(io.beep.python.testing.TestHomes.venv(home, "core"));
        assertThat(result.ready().interpreter()).startsWithRaw(io.beep.python.testing.TestHomes.venv(home, "core"));
        assertThat(runner.run(ProcessSpec.of(result.ready().interpreter().toString(), "-c", "import sys; print(sys.prefix)"))
                .stdout().strip()).isEqualTo(io.beep.python.testing.TestHomes.venv(home, "core").toString());

        List<BootstrapStage> stages = events.stream().map(BootstrapProgress::stage).distinct().toList();
        assertThat(stages).containsSubsequence(BootstrapStage.INITIALIZING, BootstrapStage.CHECKING_RUNTIME,
                BootstrapStage.CREATING_VIRTUAL_ENV, BootstrapStage.INSTALLING_PACKAGES, BootstrapStage.VERIFYING,
                BootstrapStage.COMPLETE);
        assertThat(stages).doesNotContain(BootstrapStage.FAILED, BootstrapStage.PROVISIONING_PYTHON);
        int previous = 0;
        for (BootstrapProgress event : events) {
            assertThat(event.percent()).isGreaterThanOrEqualTo(previous);
            previous = event.percent();
        }
        assertThat(previous).isEqualTo(100);
    }

    @Test
    void anExplicitInterpreterOfAnotherVersionIsUsedWithAWarningNamingBothVersionsAlsoOnAWarmStart() {
        BootstrapOptions options = BootstrapOptions.builder().environmentName("other-version").pythonVersion("3.12")
                .interpreter(TestPython.executable()).build();
        BootstrapResult result = manager.ensurePythonEnvironment(options);

        assertThat(result.success()).as(String.valueOf(result.failure())).isTrue();
        assertThat(result.ready().pythonVersion()).isEqualTo(TestPython.VERSION);
        assertThat(result.warnings()).singleElement().asString()
                .contains(TestPython.executable().toString()).contains("Python " + TestPython.VERSION).contains("requested 3.12")
                .contains("named explicitly");

        BootstrapResult again = new PythonBootstrapManager(home, runner).ensurePythonEnvironment(options);
        assertThat(again.warm()).isTrue();
        assertThat(again.warnings()).singleElement().asString().contains("requested 3.12");

        BootstrapResult matching = manager.ensurePythonEnvironment(options.toBuilder().environmentName("same-version")
                .pythonVersion("3.13").build());
        assertThat(matching.success()).isTrue();
        assertThat(matching.warnings()).isEmpty();
    }

    @Test
    void secondBootstrapOfAnUnchangedEnvironmentStartsNoProcess() {
        BootstrapOptions options = BootstrapOptions.builder().environmentName("warm").interpreter(interpreter).build();
        assertThat(manager.ensurePythonEnvironment(options).success()).isTrue();

        long before = processes.count();
        BootstrapResult again = new PythonBootstrapManager(home, runner).ensurePythonEnvironment(options);

        assertThat(again.success()).isTrue();
        assertThat(again.warm()).isTrue();
        assertThat(processes.count()).isEqualTo(before);
        assertThat(again.ready().pythonVersion()).isNotNull();
    }

    @Test
    void changedOptionsAreNotWarm() {
        BootstrapOptions options = BootstrapOptions.builder().environmentName("changes").interpreter(interpreter).build();
        assertThat(manager.ensurePythonEnvironment(options).success()).isTrue();

        BootstrapResult changed = manager.ensurePythonEnvironment(options.toBuilder().addProfile("base")
                .sources(new io.beep.python.packages.PackageSources(java.util.Optional.empty(), List.of(), List.of(), true)).build());

        assertThat(changed.warm()).isFalse();
    }

    @Test
    void missingInterpreterFailsNamingThePathAndLeavesNoVenv() {
        Path missing = home.resolve("nowhere/bin/python3");
        BootstrapResult result = manager.ensurePythonEnvironment(
                BootstrapOptions.builder().environmentName("missing").interpreter(missing).build());

        assertThat(result.success()).isFalse();
        assertThat(result.failure().orElseThrow().getMessage()).contains(missing.toString());
        assertThat(result.failure().orElseThrow().stage()).isEqualTo(BootstrapStage.CHECKING_RUNTIME);
        assertThat(io.beep.python.testing.TestHomes.venvs(home, "missing")).isEmpty();
    }

    @Test
    void systemRuntimeWithoutAMatchingInterpreterExplainsWhatItSawAndNeverProvisions() {
        BootstrapResult result = manager.ensurePythonEnvironment(
                BootstrapOptions.builder().environmentName("none").runtime(RuntimeMode.SYSTEM).pythonVersion("3.99").build());

        assertThat(result.success()).isFalse();
        assertThat(result.failure().orElseThrow().stage()).isEqualTo(BootstrapStage.CHECKING_RUNTIME);
        assertThat(result.failure().orElseThrow().getMessage()).contains("3.99").contains("never provisions");
        assertThat(home.resolve("embedded")).doesNotExist();
    }

    @Test
    void unknownProfileIsAnErrorListingTheKnownOnes() {
        BootstrapResult result = manager.ensurePythonEnvironment(
                BootstrapOptions.builder().environmentName("typo").interpreter(interpreter).addProfile("dat-science").build());

        assertThat(result.success()).isFalse();
        assertThat(result.failure().orElseThrow().getMessage()).contains("dat-science").contains("data-science", "web");
        assertThat(io.beep.python.testing.TestHomes.venvs(home, "typo")).isEmpty();
    }

    @Test
    void invalidRequirementIsAnErrorNamingIt() {
        BootstrapResult result = manager.ensurePythonEnvironment(
                BootstrapOptions.builder().environmentName("bad").interpreter(interpreter).addPackage("six>>>1").build());

        assertThat(result.success()).isFalse();
        assertThat(result.failure().orElseThrow().getMessage()).contains("Invalid requirement 'six>>>1'")
                .contains("a version is missing after '>'");
        assertThat(result.failure().orElseThrow().stage()).isEqualTo(BootstrapStage.INITIALIZING);
    }

    @Test
    void packageTheIndexDoesNotHaveFailsAndRemovesTheVenvItCreated() throws Exception {
        Path emptyLinks = Files.createDirectories(home.resolve("no-wheels"));
        BootstrapResult result = manager.ensurePythonEnvironment(BootstrapOptions.builder().environmentName("absent")
                .interpreter(interpreter).addPackage("beep-no-such-package")
                .sources(new io.beep.python.packages.PackageSources(java.util.Optional.empty(), List.of(),
                        List.of(emptyLinks.toString()), true))
                .build());

        assertThat(result.success()).isFalse();
        assertThat(result.failure().orElseThrow().stage()).isEqualTo(BootstrapStage.INSTALLING_PACKAGES);
        assertThat(result.failure().orElseThrow().getMessage()).contains("beep-no-such-package");
        assertThat(io.beep.python.testing.TestHomes.venvs(home, "absent")).isEmpty();
    }

    @Test
    void cancellationStopsTheBootstrapAndRemovesPartialWork() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();
        BootstrapResult result = manager.ensurePythonEnvironment(
                BootstrapOptions.builder().environmentName("cancelled").interpreter(interpreter).build(), p -> {
                }, cancellation);

        assertThat(result.success()).isFalse();
        assertThat(io.beep.python.testing.TestHomes.venvs(home, "cancelled")).isEmpty();
    }

    @Test
    void cancellingWhileCreatingTheVenvReportsThatStageAndLeavesNothingBehind() throws Exception {
        Cancellation cancellation = new Cancellation();
        BootstrapResult result = manager.ensurePythonEnvironment(
                BootstrapOptions.builder().environmentName("stopped").interpreter(interpreter).build(), progress -> {
                    if (progress.stage() == BootstrapStage.CREATING_VIRTUAL_ENV) {
                        cancellation.cancel("the test stopped it");
                    }
                }, cancellation);

        assertThat(result.success()).isFalse();
        assertThat(result.failure().orElseThrow().stage()).isEqualTo(BootstrapStage.CREATING_VIRTUAL_ENV);
        assertThat(result.failure().orElseThrow().getMessage()).isEqualTo("Cancelled during CREATING_VIRTUAL_ENV: the test stopped it");
        assertThat(io.beep.python.testing.TestHomes.venvs(home, "stopped")).isEmpty();
        if (Files.isDirectory(home.resolve("venvs"))) {
            try (java.util.stream.Stream<Path> left = Files.list(home.resolve("venvs"))) {
                assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
            }
        }
    }

    @Test
    void aFinishedBootstrapLeavesNoTimeLimitScheduled() {
        BootstrapOptions options = BootstrapOptions.builder().environmentName("timer").interpreter(interpreter).build();
        List<Integer> scheduledWhileRunning = new ArrayList<>();

        BootstrapResult cold = manager.ensurePythonEnvironment(options, progress -> scheduledWhileRunning.add(manager.scheduledTimeLimits()),
                Cancellation.none());
        BootstrapResult warm = manager.ensurePythonEnvironment(options);
        BootstrapResult failed = manager.ensurePythonEnvironment(BootstrapOptions.builder().environmentName("timer-missing")
                .interpreter(home.resolve("nowhere/bin/python3")).build());

        assertThat(cold.success()).isTrue();
        assertThat(warm.warm()).isTrue();
        assertThat(failed.success()).isFalse();
        assertThat(scheduledWhileRunning).as("one time limit is scheduled while the bootstrap runs").isNotEmpty().containsOnly(1);
        assertThat(manager.scheduledTimeLimits()).as("none is left once they finished").isZero();
    }

    @Test
    void aBootstrapWaitingPastItsTimeLimitForTheEnvironmentLockSaysWhatItWaitedFor() {
        Path venv = VenvPlacement.venvPath(Rooms.under(home, new io.beep.python.process.ProcessRunner(), FailureHints.NONE),
                BootstrapOptions.builder().environmentName("locked").interpreter(interpreter).timeout(Duration.ofSeconds(1)).build(),
                java.util.Optional.empty());
        String lockName = "env-" + InputDigest.of(venv.toString());
        BootstrapResult result;
        try (InterProcessLock held = InterProcessLock.inHome(home, lockName, Cancellation.none())) {
            result = manager.ensurePythonEnvironment(BootstrapOptions.builder().environmentName("locked").interpreter(interpreter)
                    .timeout(Duration.ofSeconds(1)).build());
        }

        assertThat(result.success()).isFalse();
        assertThat(result.failure().orElseThrow().stage()).isEqualTo(BootstrapStage.INITIALIZING);
        assertThat(result.failure().orElseThrow().getMessage()).contains("Bootstrap of 'locked' did not finish within 1s",
                "it stopped during INITIALIZING while waiting for the lock '" + home.resolve("locks").resolve(lockName + ".lock").toAbsolutePath()
                        .normalize() + "' held by thread '" + Thread.currentThread().getName() + "' of this process");
        assertThat(manager.scheduledTimeLimits()).isZero();
        assertThat(io.beep.python.testing.TestHomes.venvs(home, "locked")).isEmpty();
    }

    /** Issue 29, finding 4: the parser's stack overflow left the environment at INITIALIZING 0% for good. */
    @Test
    void deeplyNestedMarkerFailsTheEnvironmentAtInitializingNamingTheRequirement() throws Exception {
        String nested = "six; " + "(".repeat(20_000) + "os_name == 'posix'" + ")".repeat(20_000);
        BootstrapOptions options = BootstrapOptions.builder().environmentName("nested").interpreter(interpreter).addPackage(nested).build();
        try (ManagedPythonEnvironment environment = new ManagedPythonEnvironment(options, manager, task -> new Thread(task).start())) {
            BootstrapResult result = environment.start().get(60, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(result.success()).isFalse();
            assertThat(result.failure().orElseThrow().stage()).isEqualTo(BootstrapStage.INITIALIZING);
            assertThat(result.failure().orElseThrow().getMessage()).contains("Invalid requirement 'six; (((")
                    .contains("deeper than 100 levels");
            assertThat(environment.status().stage()).isEqualTo(BootstrapStage.FAILED);
        }
    }

    @Test
    void anErrorInsideTheBootstrapIsAFailureWithItsMessage() {
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        BootstrapResult result = manager.ensurePythonEnvironment(BootstrapOptions.builder().environmentName("error").interpreter(interpreter)
                .build(), progress -> {
                    if (first.getAndSet(false)) {
                        recurseForever(0); // a listener's genuine StackOverflowError, thrown on the bootstrap's thread
                    }
                }, Cancellation.none());

        assertThat(result.success()).isFalse();
        assertThat(result.failure().orElseThrow().stage()).isEqualTo(BootstrapStage.INITIALIZING);
        assertThat(result.failure().orElseThrow().getMessage()).isEqualTo("Unexpected failure during INITIALIZING: java.lang.StackOverflowError");
    }

    /** Issue 29, finding 4: a stage that never looks at its cancellation kept the environment waiting past its time limit. */
    @Test
    void anEnvironmentWhoseBootstrapIgnoresItsTimeLimitReportsTheLimitAnyway() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicReference<Thread> bootstrapThread = new java.util.concurrent.atomic.AtomicReference<>();
        BootstrapOptions options = BootstrapOptions.builder().environmentName("stuck").interpreter(interpreter)
                .timeout(Duration.ofSeconds(2)).build();
        try (ManagedPythonEnvironment environment = new ManagedPythonEnvironment(options, manager, task -> new Thread(task).start())) {
            environment.addListener(progress -> {
                bootstrapThread.compareAndSet(null, Thread.currentThread());
                while (first.getAndSet(false) && !released.get()) {
                    Thread.onSpinWait(); // busy at INITIALIZING, deaf to the cancellation, as a stuck stage is
                    first.set(true);
                }
            });
            long started = System.nanoTime();
            BootstrapResult result = environment.start().get(30, java.util.concurrent.TimeUnit.SECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            released.set(true);
            bootstrapThread.get().join(60_000); // it then meets its cancelled time limit and removes what it made

            assertThat(result.success()).isFalse();
            assertThat(result.failure().orElseThrow().reason()).isEqualTo(io.beep.python.PythonBootstrapException.Reason.TIMED_OUT);
            assertThat(result.failure().orElseThrow().getMessage()).startsWith("Bootstrap of 'stuck' did not finish within 2")
                    .contains("still at INITIALIZING");
            assertThat(environment.status().stage()).isEqualTo(BootstrapStage.FAILED);
            assertThat(took).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(10));
        }
    }

    private static int recurseForever(int depth) {
        return recurseForever(depth + 1) + 1;
    }
}
