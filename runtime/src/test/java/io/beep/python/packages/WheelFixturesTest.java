package io.beep.python.packages;

import io.beep.python.testing.LoopbackPackageIndex;
import io.beep.python.testing.ProcessCounter;
import io.beep.python.testing.WheelBuilder;
import io.beep.python.venv.VirtualEnvironments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared fixtures do what tests rely on: real pip installs their wheels, and a failing wheel fails. */
class WheelFixturesTest {

    @Test
    void pipInstallsADependencyChainFromTheLoopbackIndex(@TempDir Path dir) {
        TestVenv venv = TestVenv.create(dir.resolve("venv"));
        try (var index = LoopbackPackageIndex.start()) {
            index.add(WheelBuilder.wheel("alpha", "1.0").requires("beta>=2"), WheelBuilder.wheel("beta", "1.0"),
                    WheelBuilder.wheel("beta", "2.1"));
            var result = venv.pip("install", "--no-cache-dir", "--index-url", index.url(), "alpha");
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(venv.exec("import alpha, beta; print(alpha.__version__, beta.__version__)").stdout().strip())
                    .isEqualTo("1.0 2.1");
            assertThat(index.requestedFiles()).containsExactlyInAnyOrder("alpha-1.0-py3-none-any.whl", "beta-2.1-py3-none-any.whl");
        }
    }

    @Test
    void aFailingWheelIsRefusedByPip(@TempDir Path dir) {
        TestVenv venv = TestVenv.create(dir.resolve("venv"));
        try (var index = LoopbackPackageIndex.start()) {
            index.add(WheelBuilder.wheel("broken", "1.0").failing());
            var result = venv.pip("install", "--no-cache-dir", "--index-url", index.url(), "broken");
            assertThat(result.exitCode()).isNotZero();
            assertThat(Files.exists(dir.resolve("venv/lib/escaped_broken.py"))).isFalse();
        }
    }

    @Test
    void basicAuthIsDemandedWhenConfigured(@TempDir Path dir) {
        TestVenv venv = TestVenv.create(dir.resolve("venv"));
        try (var index = LoopbackPackageIndex.start()) {
            index.add(WheelBuilder.wheel("alpha", "1.0")).requireBasicAuth("user", "s3cret");
            assertThat(venv.pip("install", "--no-cache-dir", "--no-input", "--index-url", index.url(), "alpha").exitCode()).isNotZero();
            var result = venv.pip("install", "--no-cache-dir", "--index-url", index.url("user", "s3cret"), "alpha");
            assertThat(result.exitCode()).as(result.stderr()).isZero();
        }
    }

    @Test
    void servesTheBundledPipWheel(@TempDir Path dir) {
        TestVenv venv = TestVenv.create(dir.resolve("venv"));
        try (var index = LoopbackPackageIndex.start()) {
            String version = index.addBundledPip(venv.base());
            var result = venv.pip("download", "--no-deps", "--no-cache-dir", "-d", dir.resolve("dl").toString(), "--index-url", index.url(),
                    "pip==" + version);
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(index.requestedFiles()).singleElement().asString().startsWith("pip-" + version);
        }
    }

    @Test
    void theInstallerTestsVenvIsMadeByOurVenvCodeWithoutStartingAProcess(@TempDir Path dir) {
        TestVenv.ours(dir.resolve("first")); // the seed cache is filled once per build
        ProcessCounter processes = new ProcessCounter();
        TestVenv venv = TestVenv.ours(dir.resolve("venv"), true, processes.runner());
        assertThat(processes.count()).as("processes started to make a venv (python -m venv starts one, and pip's ensurepip another)").isZero();
        assertThat(venv.root().resolve(VirtualEnvironments.OWNERSHIP_FILE)).exists();
        assertThat(venv.pip("--version").stdout()).startsWith("pip ").contains(venv.sitePackages().toString());
        assertThat(TestVenv.ours(dir.resolve("bare"), false).exec("import importlib.util; print(importlib.util.find_spec('pip'))").stdout().strip())
                .isEqualTo("None");
    }
}
