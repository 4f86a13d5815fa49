package io.beep.python.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beep.python.InstallResult;
import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.LoopbackPackageIndex;
import io.beep.python.testing.SmallDisk;
import io.beep.python.testing.WheelBuilder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** An install that fills the disk (a real tmpfs holding the venv): a clear error, the venv rolled back, and it installs once space returns. */
class InstallDiskFullTest {

    @TempDir
    Path dir;

    @Test
    void anInstallThatFillsTheDiskIsRolledBackAndSucceedsOnceSpaceReturns() {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), 48); LoopbackPackageIndex index = LoopbackPackageIndex.start()) {
            TestVenv venv = TestVenv.create(disk.path().resolve("venv"));
            // 64 MB unpacked, a few hundred KB as a wheel.
            index.add(WheelBuilder.wheel("bulky", "1.0").module("bulky/data.py", "#" + "x".repeat(64 << 20) + "\n"),
                    WheelBuilder.wheel("small", "1.0"));
            PackageInstallers installers = new PackageInstallers(dir.resolve("home"), new ProcessRunner());
            PackageSources sources = new PackageSources(Optional.of(index.url()), List.of(), List.of(), false);
            var before = SitePackages.read(venv.sitePackages()).keySet();

            assertThatThrownBy(() -> installers.install(venv.python(), venv.sitePackages(), List.of(Requirement.parse("bulky"),
                    Requirement.parse("small")), InstallerKind.PIP, sources, Duration.ofMinutes(2), Cancellation.none()))
                    .isInstanceOfSatisfying(InstallFailedException.class, e -> {
                        assertThat(e.getMessage()).containsIgnoringCase("No space left").contains("bulky");
                        assertThat(e.rolledBack()).isTrue();
                    });
            assertThat(SitePackages.read(venv.sitePackages()).keySet()).isEqualTo(before);
            assertThat(venv.sitePackages().resolve("bulky")).doesNotExist();

            disk.grow(400);
            InstallResult result = installers.install(venv.python(), venv.sitePackages(), List.of(Requirement.parse("bulky"),
                    Requirement.parse("small")), InstallerKind.PIP, sources, Duration.ofMinutes(2), Cancellation.none());
            assertThat(result.installed()).containsKeys("bulky", "small");
            assertThat(venv.exec("import bulky.data, small; print('ok')").stdout()).contains("ok");
            installers.awaitBackgroundWork(Duration.ofMinutes(1));
        }
    }

    @Test
    void fetchingUvOntoAFullDiskSaysNoSpaceAndAutoAsksForUvAgainOnceSpaceReturns() {
        Path uvWheel = UvWheel.get();
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), 8); LoopbackPackageIndex index = LoopbackPackageIndex.start()) {
            TestVenv venv = TestVenv.create(dir.resolve("venv"));
            index.add(uvWheel); // 17 MB: it does not fit into a home on 8 MB
            index.add(WheelBuilder.wheel("small", "1.0"), WheelBuilder.wheel("other", "1.0"));
            Path home = disk.path().resolve("home");
            PackageInstallers installers = new PackageInstallers(home, new ProcessRunner());
            PackageSources sources = new PackageSources(Optional.of(index.url()), List.of(), List.of(), false);

            assertThatThrownBy(() -> installers.install(venv.python(), venv.sitePackages(), List.of(Requirement.parse("small")), InstallerKind.UV,
                    sources, Duration.ofMinutes(2), Cancellation.none()))
                    .isInstanceOfSatisfying(PackagesException.class, e -> {
                        assertThat(e.reason()).isEqualTo(PackagesException.Reason.HOME_UNWRITABLE);
                        assertThat(e.getMessage()).contains("No space left on the disk of " + home.resolve("tools/uv"))
                                .containsIgnoringCase("no space left on device").doesNotContain("package index");
                    });

            // auto uses pip this time, and does not hold the full disk against uv for a day.
            InstallResult withPip = installers.install(venv.python(), venv.sitePackages(), List.of(Requirement.parse("small")), InstallerKind.AUTO,
                    sources, Duration.ofMinutes(2), Cancellation.none());
            assertThat(withPip.installer()).isEqualTo("pip");
            assertThat(withPip.installed()).containsKey("small");
            disk.grow(200);
            InstallResult withUv = installers.install(venv.python(), venv.sitePackages(), List.of(Requirement.parse("other")), InstallerKind.AUTO,
                    sources, Duration.ofMinutes(2), Cancellation.none());
            assertThat(withUv.installer()).isEqualTo("uv");
            assertThat(withUv.installed()).containsKey("other");
            installers.awaitBackgroundWork(Duration.ofMinutes(1));
        }
    }
}
