package io.beep.python.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.packages.InstallerKind;
import io.beep.python.packages.PackageSources;
import io.beep.python.testing.LoopbackPackageIndex;
import io.beep.python.testing.RealPackageIndex;
import io.beep.python.testing.TestPython;
import io.beep.python.testing.WheelBuilder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code seed-packages} (issue 35): a new venv's packaging tools. A list is tested against a loopback index serving
 * setuptools and wheel built here (pip never imports them to install wheels, so fakes are harmless); {@code latest}
 * also replaces pip, and a fake pip would break every later install in the venv, so it runs against the real index
 * only, skipped saying why without it.
 */
class SeedPackagesTest {

    @TempDir
    Path home;

    private PythonBootstrapManager manager;

    @AfterEach
    void waitForBackgroundWork() {
        if (manager != null) {
            manager.awaitBackgroundWork(Duration.ofMinutes(5));
        }
    }

    private static String failure(BootstrapResult result) {
        return result.failure().map(Throwable::getMessage).orElse("");
    }

    @Test
    void aListIsInstalledIntoEachNewVenvFromWheelsTheHomeFetchedOnce() {
        try (LoopbackPackageIndex index = LoopbackPackageIndex.start()) {
            index.add(WheelBuilder.wheel("setuptools", "99.0.0"), WheelBuilder.wheel("wheel", "99.0.0"));
            index.addBundledPip(TestPython.installDir());
            manager = new PythonBootstrapManager(home);
            BootstrapOptions.Builder options = BootstrapOptions.builder().interpreter(TestPython.executable()).installer(InstallerKind.PIP)
                    .sources(new PackageSources(Optional.of(index.url()), List.of(), List.of(), false));

            BootstrapResult plain = manager.ensurePythonEnvironment(options.environmentName("plain").build());
            assertThat(plain.success()).as(failure(plain)).isTrue();
            assertThat(plain.ready().installedPackages()).as("bundled: the interpreter's own pip only").doesNotContainKey("setuptools");

            List<String> seed = List.of("setuptools==99.0.0", "wheel");
            BootstrapResult first = manager.ensurePythonEnvironment(options.environmentName("first").seedPackages(seed).build());
            assertThat(first.success()).as(failure(first)).isTrue();
            assertThat(first.ready().installedPackages()).containsEntry("setuptools", "99.0.0").containsEntry("wheel", "99.0.0");
            assertThat(index.requestedFiles()).as("fetched once").anyMatch(f -> f.startsWith("setuptools-99.0.0"));

            index.clearRequests();
            BootstrapResult second = manager.ensurePythonEnvironment(options.environmentName("second").seedPackages(seed).build());
            assertThat(second.success()).as(failure(second)).isTrue();
            assertThat(second.ready().location()).isNotEqualTo(first.ready().location());
            assertThat(second.ready().installedPackages()).containsEntry("setuptools", "99.0.0").containsEntry("wheel", "99.0.0");
            assertThat(index.requestedFiles()).as("the second venv is seeded from the home's wheels, not the index").isEmpty();
        }
    }

    @Test
    void latestUpgradesPipSetuptoolsAndWheelFromTheIndex() {
        RealPackageIndex.assumeReachable();
        String bundled = LoopbackPackageIndex.bundledPip(TestPython.installDir()).orElseThrow().getFileName().toString().split("-")[1];
        manager = new PythonBootstrapManager(home);

        BootstrapResult result = manager.ensurePythonEnvironment(BootstrapOptions.builder().environmentName("latest")
                .interpreter(TestPython.executable()).installer(InstallerKind.PIP).seedPackages(List.of("latest")).build());

        assertThat(result.success()).as(failure(result)).isTrue();
        assertThat(result.ready().installedPackages()).containsKeys("pip", "setuptools", "wheel");
        assertThat(result.ready().installedPackages().get("pip")).as("newer than the bundled pip " + bundled).isNotEqualTo(bundled);
    }
}
