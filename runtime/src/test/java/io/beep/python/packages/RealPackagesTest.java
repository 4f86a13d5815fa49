package io.beep.python.packages;

import io.beep.python.InstallResult;
import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.ProcessCounter;
import io.beep.python.testing.RealPackageIndex;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Real profiles from the machine's package index (PyPI or its mirror, through pip's configuration); skipped when unreachable. */
class RealPackagesTest {

    @TempDir
    Path dir;

    @BeforeEach
    void needsTheIndex() {
        RealPackageIndex.assumeReachable();
    }

    @Test
    void theWebProfileInstallsWithPipAndImports() {
        TestVenv venv = TestVenv.create(dir.resolve("venv"));
        var requirements = new PackageRequirementsManager(dir.resolve("home")).resolve(List.of("web"), List.of());
        ProcessCounter processes = new ProcessCounter();
        ProcessRunner runner = processes.runner();
        InstallResult result = new PackageInstallers(dir.resolve("home"), runner).install(venv.python(), venv.sitePackages(), requirements,
                InstallerKind.PIP, PackageSources.defaults(), Duration.ofMinutes(10), Cancellation.none());
        assertThat(result.installer()).isEqualTo("pip");
        assertThat(result.installed()).containsKeys("flask", "requests", "beautifulsoup4", "werkzeug");
        assertThat(processes.count()).isEqualTo(1);
        var imported = venv.exec("import flask, requests, bs4; print(bs4.BeautifulSoup('<p>ok</p>', 'html.parser').p.text)");
        assertThat(imported.stdout().strip()).as(imported.stderr()).isEqualTo("ok");
        assertThat(PackageInstallers.lockFile(venv.python()).orElseThrow()).content().contains("flask").contains("sha256");
    }

    @Test
    void theDataScienceProfileInstallsWithAFetchedUvAndImports() {
        TestVenv venv = TestVenv.create(dir.resolve("venv"));
        var requirements = new PackageRequirementsManager(dir.resolve("home")).resolve(List.of("data-science"), List.of());
        var installers = new PackageInstallers(dir.resolve("home"), new ProcessRunner());
        InstallResult result = installers.install(venv.python(), venv.sitePackages(), requirements, InstallerKind.AUTO,
                PackageSources.defaults(), Duration.ofMinutes(15), Cancellation.none());
        assertThat(result.installer()).isEqualTo("uv");
        assertThat(installers.uvBinary()).isPresent();
        assertThat(result.installed()).containsKeys("numpy", "pandas", "matplotlib", "scipy", "scikit-learn");
        var imported = venv.exec("import numpy, pandas, matplotlib, scipy, sklearn; print(int(numpy.arange(4).sum()))");
        assertThat(imported.stdout().strip()).as(imported.stderr()).isEqualTo("6");
        assertThat(result.warnings()).isEmpty();
        installers.awaitBackgroundWork(Duration.ofMinutes(2)); // the lock's hashes are gathered in the background
    }
}
