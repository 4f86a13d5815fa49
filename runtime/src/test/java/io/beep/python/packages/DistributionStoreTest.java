package io.beep.python.packages;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.InstallResult;
import io.beep.python.ProcessResult;
import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.registry.PythonRuntimeInfo;
import io.beep.python.registry.PythonRuntimeRegistry;
import io.beep.python.testing.LoopbackPackageIndex;
import io.beep.python.testing.ProcessCounter;
import io.beep.python.testing.TestPython;
import io.beep.python.testing.WheelBuilder;
import io.beep.python.venv.VirtualEnv;
import io.beep.python.venv.VirtualEnvironments;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The store of installed distributions: a second fresh venv asking for the same set gets it by hard links,
 * with RECORD and console scripts as pip writes them and no installer process; pip then treats that venv as
 * one it installed itself, and never writes into the store. Hermetic: loopback index, built wheels.
 */
class DistributionStoreTest {

    @TempDir
    Path dir;

    LoopbackPackageIndex index;
    ProcessCounter processes;
    PackageInstallers installers;
    VirtualEnvironments venvs;
    PythonRuntimeInfo base;
    Path home;
    int venvCount;

    @BeforeEach
    void setUp() {
        index = LoopbackPackageIndex.start();
        index.add(WheelBuilder.wheel("alpha", "1.0").requires("beta>=2"), WheelBuilder.wheel("beta", "2.1"),
                WheelBuilder.wheel("gamma", "0.3")
                        .module("gamma/__init__.py", "def main():\n    print('gamma says hello')\n")
                        .module("gamma-0.3.dist-info/entry_points.txt", "[console_scripts]\ngamma-hello = gamma:main\n"));
        processes = new ProcessCounter();
        ProcessRunner runner = processes.runner();
        home = dir.resolve("home");
        installers = new PackageInstallers(home, runner);
        venvs = new VirtualEnvironments(new ProcessRunner(), home);
        base = new PythonRuntimeRegistry(home, new ProcessRunner()).interrogate(TestPython.executable());
    }

    @AfterEach
    void tearDown() {
        installers.awaitBackgroundWork(Duration.ofMinutes(1));
        index.close();
    }

    @Test
    void aSecondVenvWithTheSameSetIsLinkedWithoutAnInstaller() throws IOException {
        VirtualEnv first = freshVenv();
        assertThat(install(first, "alpha", "gamma").installer()).isEqualTo("pip");
        VirtualEnv second = freshVenv();
        long before = processes.count();

        InstallResult linked = install(second, "alpha", "gamma");

        assertThat(linked.installer()).isEqualTo("store");
        assertThat(processes.count()).as("no installer process").isEqualTo(before);
        assertThat(linked.installed()).containsExactlyInAnyOrderEntriesOf(Map.of("alpha", "1.0", "beta", "2.1", "gamma", "0.3"));
        Path file = second.sitePackages().resolve("alpha/__init__.py");
        assertThat(Files.isSameFile(file, first.sitePackages().resolve("alpha/__init__.py"))).as("a hard link").isTrue();
        assertThat(Files.getPosixFilePermissions(file)).doesNotContain(PosixFilePermission.OWNER_WRITE);
        assertThat(second.sitePackages().resolve("alpha-1.0.dist-info/INSTALLER")).hasContent("pip");
        assertThat(run(second, "-m", "pip", "list", "--format=freeze").stdout()).contains("alpha==1.0", "beta==2.1", "gamma==0.3");
        assertThat(run(second, "-m", "pip", "check").exitCode()).isZero();
        assertThat(run(second, "-c", "import alpha, beta; print(beta.__version__)").stdout().strip()).isEqualTo("2.1");
        // The console script names this venv's python, and RECORD has its hash.
        Path script = second.binDir().resolve("gamma-hello");
        assertThat(Files.readString(script)).startsWith("#!" + second.python());
        assertThat(new ProcessRunner().run(ProcessSpec.of(script.toString())).stdout().strip()).isEqualTo("gamma says hello");
        String record = Files.readString(second.sitePackages().resolve("gamma-0.3.dist-info/RECORD"));
        assertThat(record).contains("../../../bin/gamma-hello,sha256=").contains("gamma-0.3.dist-info/RECORD,,");
        assertThat(Files.exists(second.root().resolve("pylock.toml"))).as("the set's lock file came along").isTrue();
    }

    @Test
    void uninstallAndUpgradeInALinkedVenvNeverWriteIntoTheStore() throws IOException {
        VirtualEnv first = freshVenv();
        install(first, "alpha");
        VirtualEnv second = freshVenv();
        assertThat(install(second, "alpha").installer()).isEqualTo("store");
        List<Path> stored = storedFiles();
        Map<Path, byte[]> contents = new java.util.HashMap<>();
        for (Path p : stored) {
            contents.put(p, Files.readAllBytes(p));
        }

        assertThat(run(second, "-m", "pip", "uninstall", "-y", "alpha").exitCode()).isZero();
        index.add(WheelBuilder.wheel("beta", "2.2"));
        ProcessResult upgrade = run(second, "-m", "pip", "install", "--disable-pip-version-check", "--index-url", index.url(), "--upgrade",
                "beta");

        assertThat(upgrade.exitCode()).as(upgrade.stderr()).isZero();
        assertThat(second.sitePackages().resolve("alpha")).doesNotExist();
        assertThat(run(second, "-c", "import beta; print(beta.__version__)").stdout().strip()).isEqualTo("2.2");
        assertThat(run(first, "-c", "import alpha, beta; print(beta.__version__)").stdout().strip()).isEqualTo("2.1");
        assertThat(storedFiles()).containsExactlyInAnyOrderElementsOf(stored);
        for (Path p : stored) {
            assertThat(p).hasBinaryContent(contents.get(p));
        }
    }

    @Test
    void anyChangeToTheInputsRunsTheInstaller() throws IOException {
        install(freshVenv(), "alpha");
        Path links = Files.createDirectories(dir.resolve("links"));

        assertThat(install(freshVenv(), "alpha==1.0").installer()).as("another requirement").isEqualTo("pip");
        PackageSources otherIndex = new PackageSources(Optional.of(index.url()), List.of(), List.of(links.toString()), false);
        VirtualEnv venv = freshVenv();
        assertThat(installers.install(venv.python(), venv.sitePackages(), List.of(Requirement.parse("alpha")), InstallerKind.PIP, otherIndex,
                Duration.ofMinutes(3), Cancellation.none()).installer()).as("other sources").isEqualTo("pip");
        assertThat(install(freshVenv(), "alpha").installer()).as("the same inputs again").isEqualTo("store");
    }

    @Test
    void aDamagedStoreFileIsCaughtByItsHashAndTheEntryIsRebuilt() throws IOException {
        install(freshVenv(), "alpha");
        Path stored = storedFiles().stream().filter(p -> p.endsWith(Path.of("site", "alpha", "__init__.py"))).findFirst().orElseThrow();
        Files.setPosixFilePermissions(stored, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(stored, "__version__ = 'tampered'\n");

        VirtualEnv afterDamage = freshVenv();
        InstallResult result = install(afterDamage, "alpha");

        assertThat(result.installer()).as("the damaged entry is not linked").isEqualTo("pip");
        assertThat(run(afterDamage, "-c", "import alpha; print(alpha.__version__)").stdout().strip()).isEqualTo("1.0");
        VirtualEnv again = freshVenv();
        assertThat(install(again, "alpha").installer()).as("the entry was stored anew").isEqualTo("store");
        assertThat(run(again, "-c", "import alpha; print(alpha.__version__)").stdout().strip()).isEqualTo("1.0");
    }

    private VirtualEnv freshVenv() {
        return venvs.create(base, dir.resolve("venv-" + ++venvCount));
    }

    private InstallResult install(VirtualEnv venv, String... requirements) {
        return installers.install(venv.python(), venv.sitePackages(), Stream.of(requirements).map(Requirement::parse).toList(), InstallerKind.PIP,
                new PackageSources(Optional.of(index.url()), List.of(), List.of(), false), Duration.ofMinutes(3), Cancellation.none());
    }

    private static ProcessResult run(VirtualEnv venv, String... args) {
        List<String> argv = new ArrayList<>(List.of(venv.python().toString()));
        argv.addAll(List.of(args));
        return new ProcessRunner().run(ProcessSpec.of(argv).withTimeout(Duration.ofMinutes(3)));
    }

    private List<Path> storedFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(home.resolve("cache/store/dists"))) {
            return walk.filter(Files::isRegularFile).filter(p -> !p.toString().contains(".trash-")).sorted().toList();
        }
    }
}
