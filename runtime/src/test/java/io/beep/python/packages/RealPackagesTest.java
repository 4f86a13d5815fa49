package io.beep.python.packages;

import io.beep.python.InstallResult;
import io.beep.python.bootstrap.BootstrapResult;
import io.beep.python.bootstrap.EnvironmentTemplates;
import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.testing.ProcessCounter;
import io.beep.python.testing.RealPackageIndex;
import io.beep.python.testing.SharedDataScience;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

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

    /**
     * The data-science profile with the installer left to {@code auto}: a uv fetched into the home installs it. Read
     * from the one install of that stack in this JVM, the data-science template's (RealTemplatesTest reads it too),
     * whose bootstrap asked the installers for exactly this.
     */
    @Test
    void theDataScienceProfileInstallsWithAFetchedUvAndImports() throws Exception {
        SharedDataScience.Made shared = SharedDataScience.environment();
        BootstrapResult result = shared.result();
        assertThat(result.success()).as(result.failure().map(Throwable::getMessage).orElse("")).isTrue();
        assertThat(EnvironmentTemplates.DATA_SCIENCE.effectiveProfiles()).containsExactly("data-science");
        assertThat(EnvironmentTemplates.DATA_SCIENCE.installer()).isEqualTo(InstallerKind.AUTO);
        // Which installer installed each distribution, as the distribution itself records it (PEP 376's INSTALLER).
        for (String name : List.of("numpy", "pandas", "matplotlib", "scipy", "scikit_learn")) {
            assertThat(installerOf(result.ready().sitePackages(), name)).as(name + "'s INSTALLER").isEqualTo("uv");
        }
        assertThat(new PackageInstallers(shared.home(), new ProcessRunner()).uvBinary()).isPresent();
        assertThat(result.ready().newlyInstalled()).containsKeys("numpy", "pandas", "matplotlib", "scipy", "scikit-learn");
        var imported = new ProcessRunner().run(ProcessSpec.of(result.ready().interpreter().toString(), "-c",
                "import numpy, pandas, matplotlib, scipy, sklearn; print(int(numpy.arange(4).sum()))"));
        assertThat(imported.stdout().strip()).as(imported.stderr()).isEqualTo("6");
        assertThat(result.warnings()).isEmpty();
        // The lock's hashes were gathered in the background; the shared environment awaited them.
        assertThat(PackageInstallers.lockFile(result.ready().interpreter()).orElseThrow()).content().contains("numpy").contains("sha256");
    }

    private static String installerOf(Path sitePackages, String distribution) throws IOException {
        try (Stream<Path> entries = Files.list(sitePackages)) {
            Path distInfo = entries.filter(p -> p.getFileName().toString().startsWith(distribution + "-")
                    && p.getFileName().toString().endsWith(".dist-info")).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + distribution + "-*.dist-info in " + sitePackages));
            return Files.readString(distInfo.resolve("INSTALLER")).strip();
        }
    }
}
