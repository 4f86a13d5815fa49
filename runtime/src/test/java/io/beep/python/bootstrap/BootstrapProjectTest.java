package io.beep.python.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.packages.PythonProject;
import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.LoopbackPackageIndex;
import io.beep.python.testing.ProcessCounter;
import io.beep.python.testing.TestHomes;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Python project ({@code pyproject.toml}, maybe a lock) given to the bootstrap through
 * {@link BootstrapOptions#project()}: real CPython, real venvs and pip, a loopback index serving wheels
 * built here. What the project installs exactly (locks, groups, drift) is the packages room's to test;
 * here: that the bootstrap installs it, that an unchanged one starts warm with no process, and that a
 * changed project file or lock ends the warm path.
 */
class BootstrapProjectTest {

    private static final WheelBuilder ALPHA_1_0 = WheelBuilder.wheel("beep-alpha", "1.0.0").module("beep_alpha/__init__.py",
            "NAME = 'alpha 1.0.0'\n");
    private static final WheelBuilder ALPHA_1_1 = WheelBuilder.wheel("beep-alpha", "1.1.0").module("beep_alpha/__init__.py",
            "NAME = 'alpha 1.1.0'\n");

    private static LoopbackPackageIndex index;

    @TempDir
    Path home;

    @TempDir
    Path projectDir;

    private final ProcessCounter counter = new ProcessCounter();
    private final ProcessRunner runner = counter.runner();
    private PythonBootstrapManager manager;

    @BeforeAll
    static void startIndex() {
        index = LoopbackPackageIndex.start()
                .add(ALPHA_1_0)
                .add(ALPHA_1_1)
                .add(WheelBuilder.wheel("beep-beta", "2.0.0").module("beep_beta/__init__.py", "VALUE = 'beta'\n"))
                .add(WheelBuilder.wheel("beep-gamma", "3.0.0").module("beep_gamma/__init__.py", "VALUE = 'gamma'\n"));
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
        manager.awaitBackgroundWork(Duration.ofMinutes(5));
    }

    private BootstrapOptions.Builder options(String name, PythonProject project) {
        return TestBootstrapOptions.pipFrom(index, name).project(project);
    }

    private void pyproject(String alphaVersion) throws Exception {
        Files.writeString(projectDir.resolve(PythonProject.PYPROJECT), """
                [project]
                name = "beep-app"
                version = "0.1.0"
                dependencies = ["beep-alpha==%s"]

                [project.optional-dependencies]
                more = ["beep-beta==2.0.0"]

                [dependency-groups]
                dev = ["beep-gamma==3.0.0"]
                """.formatted(alphaVersion));
    }

    private String python(BootstrapResult result, String code) {
        return TestBootstrapOptions.python(runner, result, code);
    }

    @Test
    void projectDependenciesAndNamedExtrasAreInstalledAndTheDevGroupStaysOut() throws Exception {
        pyproject("1.0.0");
        PythonProject project = new PythonProject(projectDir, Set.of("more"), Set.of(), true, false, false);

        BootstrapResult result = manager.ensurePythonEnvironment(options("project", project).build());

        assertThat(result.success()).as(result.failure().map(Throwable::getMessage).orElse("")).isTrue();
        assertThat(result.ready().installedPackages()).containsEntry("beep-alpha", "1.0.0").containsEntry("beep-beta", "2.0.0")
                .doesNotContainKey("beep-gamma");
        assertThat(python(result, "import beep_alpha; print(beep_alpha.NAME)")).isEqualTo("alpha 1.0.0");
    }

    @Test
    void unchangedProjectStartsWarmWithNoProcessAndNoIndexRequest() throws Exception {
        pyproject("1.0.0");
        BootstrapOptions options = options("warm-project", PythonProject.of(projectDir)).build();
        assertThat(manager.ensurePythonEnvironment(options).success()).isTrue();
        index.clearRequests();
        long processes = counter.count();

        // A new manager, as a new start of the application would make.
        BootstrapResult again = new PythonBootstrapManager(home, runner).ensurePythonEnvironment(options);

        assertThat(again.success()).isTrue();
        assertThat(again.warm()).isTrue();
        assertThat(counter.count() - processes).as("processes started by the second start").isZero();
        assertThat(index.requests()).isEmpty();
        assertThat(again.ready().installedPackages()).containsEntry("beep-alpha", "1.0.0");
    }

    @Test
    void changedProjectFileReinstallsTheNewSet() throws Exception {
        pyproject("1.0.0");
        BootstrapOptions options = options("edited-project", PythonProject.of(projectDir)).build();
        assertThat(manager.ensurePythonEnvironment(options).ready().installedPackages()).containsEntry("beep-alpha", "1.0.0");

        pyproject("1.1.0");
        BootstrapResult edited = new PythonBootstrapManager(home, runner).ensurePythonEnvironment(options);

        assertThat(edited.success()).as(edited.failure().map(Throwable::getMessage).orElse("")).isTrue();
        assertThat(edited.warm()).isFalse();
        assertThat(edited.ready().installedPackages()).containsEntry("beep-alpha", "1.1.0");
        assertThat(python(edited, "import beep_alpha; print(beep_alpha.NAME)")).isEqualTo("alpha 1.1.0");
    }

    @Test
    void addedOrChangedLockReinstallsTheLockedSetAndAnUnchangedOneStartsWarm() throws Exception {
        pyproject("1.0.0");
        BootstrapOptions options = options("locked-project", PythonProject.of(projectDir)).build();
        assertThat(manager.ensurePythonEnvironment(options).success()).isTrue();
        String bakedBefore = BakedEnvironment.fingerprint(options);

        // The options are the same object: only the lock's bytes say the inputs changed.
        pylock(ALPHA_1_0);
        BootstrapResult added = new PythonBootstrapManager(home, runner).ensurePythonEnvironment(options);
        assertThat(added.success()).as(added.failure().map(Throwable::getMessage).orElse("")).isTrue();
        assertThat(added.warm()).as("a start after a lock appeared").isFalse();
        String bakedAdded = BakedEnvironment.fingerprint(options);

        pylock(ALPHA_1_1);
        BootstrapResult changed = new PythonBootstrapManager(home, runner).ensurePythonEnvironment(options);
        assertThat(changed.success()).as(changed.failure().map(Throwable::getMessage).orElse("")).isTrue();
        assertThat(changed.warm()).as("a start after the lock changed").isFalse();
        assertThat(changed.ready().installedPackages()).containsEntry("beep-alpha", "1.1.0");
        assertThat(python(changed, "import beep_alpha; print(beep_alpha.NAME)")).isEqualTo("alpha 1.1.0");

        index.clearRequests();
        long processes = counter.count();
        BootstrapResult next = new PythonBootstrapManager(home, runner).ensurePythonEnvironment(options);
        assertThat(next.warm()).as("the next start").isTrue();
        assertThat(counter.count() - processes).as("processes started by the next start").isZero();
        assertThat(index.requests()).isEmpty();
        assertThat(List.of(bakedBefore, bakedAdded, BakedEnvironment.fingerprint(options))).doesNotHaveDuplicates();
    }

    /** A PEP 751 lock pinning {@code alpha}'s wheel by URL and hash on the loopback index. */
    private void pylock(WheelBuilder alpha) throws Exception {
        Files.writeString(projectDir.resolve("pylock.toml"), """
                lock-version = "1.0"
                created-by = "test"
                [[packages]]
                name = "beep-alpha"
                version = "%s"
                wheels = [{ url = "%sfiles/%s", hashes = { sha256 = "%s" } }]
                """.formatted(alpha.version(), index.url().replace("simple/", ""), alpha.fileName(), WheelBuilder.sha256Hex(alpha.build())));
    }

    @Test
    void projectWithoutPyprojectFailsNamingTheFileAndLeavesNoVenv() {
        BootstrapResult result = manager.ensurePythonEnvironment(options("no-project", PythonProject.of(projectDir)).build());

        assertThat(result.success()).isFalse();
        assertThat(result.failure().orElseThrow().getMessage()).contains(projectDir.resolve(PythonProject.PYPROJECT).toString());
        assertThat(TestHomes.venvs(home, "no-project")).isEmpty();
    }

    @Test
    void summaryAndInputsNameTheProject() throws Exception {
        pyproject("1.0.0");
        BootstrapOptions options = options("summary", new PythonProject(projectDir, Set.of("more"), Set.of("docs"), true, true, true)).build();

        assertThat(InputsSummary.of(options)).contains("project " + projectDir.toAbsolutePath().normalize())
                .contains("extras more").contains("groups docs").contains("installed editable");
        BootstrapOptions plain = options("summary", PythonProject.of(projectDir)).build();
        assertThat(InputsFingerprint.of(home, options, Optional.empty())).isNotEqualTo(InputsFingerprint.of(home, plain, Optional.empty()));
        assertThat(VenvKey.of(home, options, Optional.empty(), () -> { })).isNotEqualTo(VenvKey.of(home, plain, Optional.empty(), () -> { }));
    }
}
