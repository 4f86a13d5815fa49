package io.beep.python.packages;

import io.beep.python.InstallResult;
import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.LoopbackPackageIndex;
import io.beep.python.testing.WheelBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The "Programmatic use" and profile examples of docs/packages.md, run against a loopback index. */
class PackagesDocsExampleTest {

    @Test
    void theProgrammaticExampleWorks(@TempDir Path dir) {
        Path home = dir.resolve("home");
        TestVenv venv = TestVenv.create(dir.resolve("venv"));
        Path venvPython = venv.python();
        Path sitePackages = venv.sitePackages();
        try (var index = LoopbackPackageIndex.start()) {
            index.add(WheelBuilder.wheel("fastapi", "0.111.0").requires("pydantic>=2"), WheelBuilder.wheel("pydantic", "2.7.1"),
                    WheelBuilder.wheel("uvicorn", "0.30.1"), WheelBuilder.wheel("orjson", "3.10.3"));

            // docs: Profiles
            PackageRequirementsManager profiles = new PackageRequirementsManager(home);
            profiles.addOrUpdateProfile(new PackageProfile("api", "HTTP APIs", List.of("fastapi>=0.110", "uvicorn")));
            profiles.addOrUpdateProfile("ocr", Map.of("pytesseract", "0.3.10", "pillow", ">=10"));
            assertThat(profiles.profile("ocr").orElseThrow().requirements()).contains("pytesseract==0.3.10", "pillow>=10");

            // docs: Programmatic use
            ResolvedRequirements resolved = profiles.resolve(List.of("api"), List.of("orjson"), Accelerator.AUTO);
            PackageInstallers installers = new PackageInstallers(home, new ProcessRunner());
            PackageSources sources = new PackageSources(Optional.of(index.url()), List.of(), List.of(), false);
            InstallResult result = installers.install(venvPython, sitePackages, resolved.requirements(), InstallerKind.PIP,
                    resolved.applyTo(sources), Duration.ofMinutes(15), Cancellation.none());
            assertThat(result.skipped()).isFalse();
            assertThat(result.installed()).containsEntry("fastapi", "0.111.0").containsEntry("pydantic", "2.7.1").containsKey("orjson");
            assertThat(result.warnings()).isEmpty();
            assertThat(installers.install(venvPython, sitePackages, resolved.requirements(), InstallerKind.AUTO, resolved.applyTo(sources),
                    Duration.ofMinutes(15), Cancellation.none()).skipped()).isTrue();

            profiles.deleteProfile("api");
            profiles.restoreDefaults();
            assertThat(profiles.profiles()).containsKeys("base", "data-science", "machine-learning", "web", "ocr").doesNotContainKey("api");
        }
    }
}
