package io.beep.python.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;
import io.beep.python.packages.InstallerKind;
import io.beep.python.packages.PackageSources;
import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.ProcessCounter;
import io.beep.python.testing.LoopbackPackageIndex;
import io.beep.python.testing.TestPython;
import io.beep.python.testing.WheelBuilder;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The fourteen usage scenarios of the original bootstrap guide, run for real: the CPython from
 * Maven, real venvs, real pip, and a loopback index serving wheels built here. (Scenarios 2 and 3,
 * data science and machine learning, need the real index: see {@code RealProfilesTest}.)
 */
class BootstrapScenariosTest {

    private static LoopbackPackageIndex index;

    @TempDir
    Path home;

    private final ProcessCounter counter = new ProcessCounter();
    private final ProcessRunner runner = counter.runner();
    private PythonBootstrapManager manager;

    @BeforeAll
    static void startIndex() {
        index = LoopbackPackageIndex.start()
                .add(WheelBuilder.wheel("beep-alpha", "1.0.0").module("beep_alpha/__init__.py", "NAME = 'alpha'\n"))
                .add(WheelBuilder.wheel("beep-beta", "2.0.0").requires("beep-alpha>=1.0").module("beep_beta/__init__.py",
                        "from beep_alpha import NAME\nVALUE = NAME + '+beta'\n"));
        index.addBundledPip(TestPython.installDir());
    }

    @AfterAll
    static void stopIndex() {
        index.close();
    }

    @BeforeEach
    void setUp() {
        manager = new PythonBootstrapManager(home, runner);
    }

    @AfterEach
    void waitForBackgroundWork() {
        manager.awaitBackgroundWork(Duration.ofMinutes(5)); // the seed cache compiles after readiness, in the temp home
    }

    private BootstrapOptions.Builder options(String name) {
        return TestBootstrapOptions.pipFrom(index, name);
    }

    private String python(BootstrapResult result, String code) {
        return TestBootstrapOptions.python(runner, result, code);
    }

    @Test
    void scenario01MinimalEnvironment() {
        BootstrapResult result = manager.ensurePythonEnvironment(options("minimal").build());

        assertThat(result.success()).isTrue();
        assertThat(result.ready().pythonVersion()).isEqualTo(TestPython.VERSION);
        assertThat(python(result, "import sys; print(sys.prefix != sys.base_prefix)")).isEqualTo("True");
    }

    @Test
    void scenario04CustomPackageSelectionInstallsTheDependencyChainInOneRun() {
        BootstrapResult result = manager.ensurePythonEnvironment(options("custom").addPackage("beep-beta").build());

        assertThat(result.success()).as(result.failure().map(Throwable::getMessage).orElse("")).isTrue();
        assertThat(result.ready().newlyInstalled()).containsEntry("beep-beta", "2.0.0").containsEntry("beep-alpha", "1.0.0");
        assertThat(python(result, "import beep_beta; print(beep_beta.VALUE)")).isEqualTo("alpha+beta");
    }

    @Test
    void requirementsFileIsInstalledAndEditingItEndsTheWarmPath() throws Exception {
        Path file = Files.writeString(home.resolve("requirements.txt"), "beep-alpha==1.0.0\n");
        BootstrapOptions options = options("reqs").requirementsFile(file).build();

        BootstrapResult first = manager.ensurePythonEnvironment(options);
        assertThat(first.success()).as(first.failure().map(Throwable::getMessage).orElse("")).isTrue();
        assertThat(first.ready().installedPackages()).containsEntry("beep-alpha", "1.0.0");
        assertThat(manager.ensurePythonEnvironment(options).warm()).isTrue();

        Files.writeString(file, "beep-alpha==1.0.0\nbeep-beta==2.0.0\n");
        BootstrapResult edited = manager.ensurePythonEnvironment(options);

        assertThat(edited.warm()).isFalse();
        assertThat(edited.ready().installedPackages()).containsEntry("beep-beta", "2.0.0");
    }

    @Test
    void missingRequirementsFileIsAnErrorNamingIt() {
        Path missing = home.resolve("nope/requirements.txt");
        BootstrapResult result = manager.ensurePythonEnvironment(options("no-file").requirementsFile(missing).build());

        assertThat(result.success()).isFalse();
        assertThat(result.failure().orElseThrow().getMessage()).contains(missing.toString());
        assertThat(io.beep.python.testing.TestHomes.venvs(home, "no-file")).isEmpty();
    }

    @Test
    void scenario05TemplateBuilderCustomisesATemplate() {
        BootstrapOptions custom = BootstrapOptions.builder().environmentName("built")
                .interpreter(TestPython.executable()).installer(InstallerKind.PIP).sources(options("x").build().sources())
                .addPackage("beep-alpha==1.0.0").build();

        BootstrapResult result = manager.ensurePythonEnvironment(custom);

        assertThat(result.success()).isTrue();
        assertThat(result.environment()).isEqualTo("built");
        assertThat(result.ready().installedPackages()).containsEntry("beep-alpha", "1.0.0");
    }

    @Test
    void scenario06ReusingAnExistingEnvironmentStartsNoProcess() {
        BootstrapOptions options = options("reuse").addPackage("beep-alpha").build();
        assertThat(manager.ensurePythonEnvironment(options).success()).isTrue();
        index.clearRequests();
        long processes = counter.count();

        BootstrapResult again = manager.ensurePythonEnvironment(options);

        assertThat(again.success()).isTrue();
        assertThat(again.warm()).isTrue();
        assertThat(counter.count()).isEqualTo(processes);
        assertThat(index.requests()).isEmpty();
        assertThat(again.ready().installedPackages()).containsKey("beep-alpha");
    }

    @Test
    void scenario07ProgressGoesThroughTheStagesWithPercentNeverDecreasing() {
        List<BootstrapProgress> events = new ArrayList<>();
        manager.ensurePythonEnvironment(options("progress").addPackage("beep-alpha").build(), events::add, Cancellation.none());

        assertThat(events.stream().map(BootstrapProgress::stage).distinct()).containsSubsequence(BootstrapStage.INITIALIZING,
                BootstrapStage.INITIALIZING_REGISTRY, BootstrapStage.LOADING_PROFILES, BootstrapStage.CHECKING_RUNTIME,
                BootstrapStage.CREATING_VIRTUAL_ENV, BootstrapStage.INSTALLING_PACKAGES, BootstrapStage.VERIFYING, BootstrapStage.COMPLETE);
        assertThat(events).extracting(BootstrapProgress::percent).isSorted();
        assertThat(events).allSatisfy(e -> assertThat(e.environment()).isEqualTo("progress"));
    }

    @Test
    void scenario08CustomVenvPath() {
        Path custom = home.resolve("elsewhere/my-env");
        BootstrapResult result = manager.ensurePythonEnvironment(options("paths").virtualEnvironmentPath(custom).build());

        assertThat(result.ready().location()).isEqualTo(custom);
        assertThat(custom.resolve("pyvenv.cfg")).exists();
        assertThat(io.beep.python.testing.TestHomes.venvs(home, "paths")).isEmpty();
    }

    @Test
    void scenario09CancellationDuringInstallRemovesTheVenv() {
        Cancellation cancellation = new Cancellation();
        BootstrapResult result = manager.ensurePythonEnvironment(options("cancel").addPackage("beep-beta").build(), progress -> {
            if (progress.stage() == BootstrapStage.INSTALLING_PACKAGES) {
                cancellation.cancel();
            }
        }, cancellation);

        assertThat(result.success()).isFalse();
        assertThat(result.failure().orElseThrow().stage()).isEqualTo(BootstrapStage.INSTALLING_PACKAGES);
        assertThat(io.beep.python.testing.TestHomes.venvs(home, "cancel")).isEmpty();
    }

    @Test
    void scenario10TemplateDiscovery() {
        assertThat(EnvironmentTemplates.available()).containsExactly("minimal", "data-science", "machine-learning", "web-development",
                "full-stack");
        assertThat(EnvironmentTemplates.descriptions()).containsKeys("minimal", "full-stack").allSatisfy((k, v) -> assertThat(v).isNotBlank());
        assertThat(EnvironmentTemplates.profilesOf("full-stack")).containsExactly("data-science", "machine-learning");
        assertThat(EnvironmentTemplates.FULL_STACK.template()).contains("full-stack");
    }

    @Test
    void scenario11DynamicTemplateChoiceRejectsAnUnknownNameListingTheKnownOnes() {
        String fromConfig = "web-developement";
        assertThatThrownBy(() -> EnvironmentTemplates.get(fromConfig)).isInstanceOf(PythonBootstrapException.class)
                .hasMessageContaining("'web-developement'").hasMessageContaining("web-development");

        BootstrapOptions web = EnvironmentTemplates.get("web-development");
        assertThat(web.template()).contains("web-development");
    }

    @Test
    void scenario12ResultAnalysis() {
        BootstrapResult result = manager.ensurePythonEnvironment(options("analysis").addPackage("beep-alpha").build());

        assertThat(result.stageDurations()).containsKeys(BootstrapStage.CHECKING_RUNTIME, BootstrapStage.CREATING_VIRTUAL_ENV,
                BootstrapStage.INSTALLING_PACKAGES, BootstrapStage.VERIFYING);
        assertThat(result.totalDuration()).isPositive();
        assertThat(result.ready().runtime().version()).isEqualTo(TestPython.VERSION);
        assertThat(result.warnings()).isEmpty();
        assertThat(result.failure()).isEmpty();
    }

    @Test
    void scenario13StartupIntegrationWaitsForReadiness() {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            ManagedPythonEnvironment environment = new ManagedPythonEnvironment(options("startup").addPackage("beep-alpha").build(),
                    manager, executor);
            assertThat(environment.isReady()).isFalse();
            environment.start();

            assertThat(environment.awaitReady(Duration.ofMinutes(2)).exec("import beep_alpha; print(beep_alpha.NAME)").stdout().strip())
                    .isEqualTo("alpha");
            assertThat(environment.status().percent()).isEqualTo(100);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void scenario14SeveralEnvironmentsBootstrapInParallelAndStaySeparate() {
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            ManagedPythonEnvironment one = new ManagedPythonEnvironment(options("one").addPackage("beep-alpha").build(), manager, executor);
            ManagedPythonEnvironment two = new ManagedPythonEnvironment(options("two").addPackage("beep-beta").build(), manager, executor);
            one.start();
            two.start();

            assertThat(one.awaitReady(Duration.ofMinutes(2)).installedPackages()).containsKey("beep-alpha").doesNotContainKey("beep-beta");
            assertThat(two.awaitReady(Duration.ofMinutes(2)).installedPackages()).containsKeys("beep-alpha", "beep-beta");
            assertThat(one.location()).isNotEqualTo(two.location());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aReadyEnvironmentWhoseVenvDisappearsTurnsDownAndIsRepaired() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            ManagedPythonEnvironment environment = new ManagedPythonEnvironment(options("repair").build(), manager, executor);
            List<BootstrapResult> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
            environment.addOutcomeListener(outcomes::add);
            environment.start();
            environment.awaitReady(Duration.ofMinutes(2));
            manager.venvs().delete(environment.location());

            assertThat(environment.checkStillPresent()).isFalse();
            assertThat(outcomes).anySatisfy(o -> assertThat(o.failure().map(Throwable::getMessage).orElse("")).contains("lost"));

            await().atMost(Duration.ofMinutes(2)).until(environment::isReady);
            assertThat(environment.exec("print('back')").stdout().strip()).isEqualTo("back");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void withoutAutoRepairALostEnvironmentStaysDownSayingWhatIsGone() {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            ManagedPythonEnvironment environment = new ManagedPythonEnvironment(options("no-repair").autoRepair(false).build(), manager,
                    executor);
            environment.start();
            Path python = environment.awaitReady(Duration.ofMinutes(2)).interpreter();
            manager.venvs().delete(environment.location());

            environment.checkStillPresent();

            assertThat(environment.isReady()).isFalse();
            assertThat(environment.status().error().orElseThrow()).contains(python.toString()).contains("auto-repair");
            assertThatThrownBy(() -> environment.exec("print(1)")).isInstanceOf(PythonBootstrapException.class);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void sharedMarkerIsIgnoredWhenTheBaseInterpreterChanged() throws Exception {
        BootstrapOptions options = options("base-change").build();
        BootstrapResult first = manager.ensurePythonEnvironment(options);
        Path marker = first.ready().location().resolve(EnvironmentMarker.FILE_NAME);
        String tampered = Files.readString(marker).replace("\"baseStat\" : \"", "\"baseStat\" : \"0");
        Files.writeString(marker, tampered);

        BootstrapResult second = manager.ensurePythonEnvironment(options);

        assertThat(second.success()).isTrue();
        assertThat(second.warm()).isFalse();
        assertThat(Map.copyOf(second.stageDurations())).containsKey(BootstrapStage.VERIFYING);
    }

    /** A venv made by someone else's {@code python -m venv} (as a copy, so it is not "from" the test interpreter), with files of theirs. */
    private Path foreignVenvWithUserFiles(Path dir) throws Exception {
        runner.run(io.beep.python.process.ProcessSpec.of(TestPython.executable().toString(), "-m", "venv", "--without-pip", "--copies",
                dir.toString())).orThrow("python -m venv");
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/app.py"), "print('mine')\n");
        Files.writeString(dir.resolve("requirements.txt"), "beep-alpha\n");
        return dir;
    }

    @Test
    void aVenvSomeoneElseMadeAtTheVenvPathIsRefusedNamingItAndKeptWithTheirFiles() throws Exception {
        Path theirs = foreignVenvWithUserFiles(home.resolve("projects/projvenv"));
        String config = Files.readString(theirs.resolve("pyvenv.cfg"));

        BootstrapResult result = manager.ensurePythonEnvironment(options("theirs").virtualEnvironmentPath(theirs).build());

        assertThat(result.success()).isFalse();
        PythonBootstrapException failure = result.failure().orElseThrow();
        assertThat(failure.reason()).isEqualTo(PythonBootstrapException.Reason.VENV_PATH_OCCUPIED);
        assertThat(failure.stage()).isEqualTo(BootstrapStage.CREATING_VIRTUAL_ENV);
        assertThat(failure.getMessage()).contains(theirs.toString()).contains("did not make");
        assertThat(theirs.resolve("src/app.py")).hasContent("print('mine')");
        assertThat(theirs.resolve("requirements.txt")).exists();
        assertThat(theirs.resolve("pyvenv.cfg")).hasContent(config.strip());
        assertThat(theirs.resolve(io.beep.python.venv.VirtualEnvironments.OWNERSHIP_FILE)).doesNotExist();
    }

    @Test
    void aVenvOfAnEarlierVersionWithOnlyTheMarkerIsStillReusedAndClaimed() throws Exception {
        Path venv = manager.ensurePythonEnvironment(options("earlier").build()).ready().location();
        Path ownership = venv.resolve(io.beep.python.venv.VirtualEnvironments.OWNERSHIP_FILE);
        Files.delete(ownership); // as an earlier version left it: the warm-start marker, no ownership file
        Files.writeString(venv.resolve("kept.txt"), "reused, not re-created\n");

        // A marker that no longer matches (same inputs, so the same venv path): this run decides about the venv itself.
        Path marker = venv.resolve(EnvironmentMarker.FILE_NAME);
        Files.writeString(marker, Files.readString(marker).replace("\"inputs\" : \"", "\"inputs\" : \"0"));
        BootstrapResult second = manager.ensurePythonEnvironment(options("earlier").build());

        assertThat(second.success()).as("%s", second.failure()).isTrue();
        assertThat(second.warm()).isFalse();
        assertThat(second.ready().location()).isEqualTo(venv);
        assertThat(venv.resolve("kept.txt")).exists();
        assertThat(ownership).exists();
    }

    @Test
    void autoRepairRebuildsOurVenvWhosePythonWasDeleted() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            ManagedPythonEnvironment environment = new ManagedPythonEnvironment(options("broken").build(), manager, executor);
            environment.start();
            environment.awaitReady(Duration.ofMinutes(2));
            try (java.util.stream.Stream<Path> bin = Files.list(environment.location().resolve("bin"))) {
                for (Path python : bin.filter(p -> p.getFileName().toString().startsWith("python")).toList()) {
                    Files.delete(python);
                }
            }

            assertThat(environment.checkStillPresent()).isFalse();

            await().atMost(Duration.ofMinutes(2)).until(() -> environment.isReady()
                    || environment.result().map(r -> !r.success()).orElse(false));
            assertThat(environment.status().error()).isEmpty();
            assertThat(environment.isReady()).isTrue();
            assertThat(environment.exec("print('back')").stdout().strip()).isEqualTo("back");
        } finally {
            executor.shutdownNow();
        }
    }

    /** setAsDefault (beep.python.set-as-default): the interpreter used becomes the registry's default, in runtimes.json. */
    @Test
    void setAsDefaultMakesTheInterpreterTheRegistrysDefaultForLaterProcesses() throws Exception {
        BootstrapResult plain = manager.ensurePythonEnvironment(options("plain").build());
        assertThat(plain.success()).as(plain.failure().map(Throwable::getMessage).orElse("")).isTrue();
        assertThat(new PythonBootstrapManager(home, runner).registry().getDefaultRuntime()).as("without the option").isEmpty();

        BootstrapResult chosen = manager.ensurePythonEnvironment(options("chosen").setAsDefault(true).build());

        assertThat(chosen.success()).as(chosen.failure().map(Throwable::getMessage).orElse("")).isTrue();
        io.beep.python.registry.PythonRuntimeInfo byDefault = new PythonBootstrapManager(home, runner).registry().getDefaultRuntime()
                .orElseThrow(() -> new AssertionError("no default runtime in " + home.resolve("runtimes.json")));
        assertThat(byDefault.executable().toRealPath()).isEqualTo(TestPython.executable().toRealPath());
    }

    /**
     * venv.enabled=false on a managed interpreter (provisioned under the home from the local Maven repository): the
     * packages go into the interpreter's own prefix, and the environment is that interpreter.
     */
    @Test
    void withoutAVenvPackagesGoIntoTheManagedInterpretersOwnPrefix() throws Exception {
        BootstrapOptions options = BootstrapOptions.builder().environmentName("novenv").runtime(RuntimeMode.EMBEDDED).pythonVersion("3.13")
                .distribution(io.beep.python.provision.ProvisionRequest.maven("3.13", List.of())).createVirtualEnvironment(false)
                .installer(InstallerKind.PIP).addPackage("beep-alpha")
                .sources(new PackageSources(Optional.of(index.url()), List.of(), List.of(), false)).timeout(Duration.ofMinutes(10)).build();

        BootstrapResult result = manager.ensurePythonEnvironment(options);

        assertThat(result.success()).as(result.failure().map(Throwable::getMessage).orElse("")).isTrue();
        Path embedded = home.resolve("embedded").toRealPath();
        assertThat(result.ready().interpreter().toRealPath()).startsWith(embedded);
        Path module = Path.of(python(result, "import sys, beep_alpha; print(beep_alpha.__file__) if sys.prefix == sys.base_prefix else print('venv')"));
        assertThat(module.toRealPath()).as("installed into the managed interpreter itself").startsWith(embedded);
        assertThat(home.resolve("venvs")).as("no venv made").satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
    }

    /** venv.enabled=false on the distribution's own Python (PEP 668): refused, naming it, before pip touches it. */
    @Test
    void withoutAVenvAnExternallyManagedSystemInterpreterIsRefusedNamingIt() {
        Path system = Path.of("/usr/bin/python3");
        String marker = Files.isExecutable(system) ? runner.run(io.beep.python.process.ProcessSpec.of(system.toString(), "-c",
                "import sysconfig, os; print(os.path.exists(os.path.join(sysconfig.get_path('stdlib'), 'EXTERNALLY-MANAGED')))"))
                .stdout().strip() : "";
        org.junit.jupiter.api.Assumptions.assumeTrue(marker.equals("True"), () -> {
            String reason = "no externally managed (PEP 668) /usr/bin/python3 on this machine";
            System.out.println("SKIPPED: " + reason);
            return reason;
        });

        index.clearRequests();
        BootstrapResult result = manager.ensurePythonEnvironment(options("system").interpreter(system).createVirtualEnvironment(false)
                .addPackage("beep-alpha").build());

        PythonBootstrapException error = result.failure().orElseThrow();
        assertThat(error.reason()).isEqualTo(PythonBootstrapException.Reason.EXTERNALLY_MANAGED);
        assertThat(error.getMessage()).contains(system.toString()).contains("externally managed");
        assertThat(index.requestedFiles()).as("pip never ran against it").noneMatch(f -> f.startsWith("beep_alpha"));
    }
}
