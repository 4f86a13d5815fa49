package io.beep.python.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.packages.Accelerator;
import io.beep.python.packages.InstallerKind;
import io.beep.python.packages.PackageProfile;
import io.beep.python.packages.PackageRequirementsManager;
import io.beep.python.packages.PackageSources;
import io.beep.python.packages.Requirement;
import io.beep.python.packages.ResolvedRequirements;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.testing.LoopbackPackageIndex;
import io.beep.python.testing.TestPython;
import io.beep.python.testing.WheelBuilder;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every template bootstrapped for real (TestPython, real venvs and pip) against a loopback index serving wheels built
 * here under the templates' package names, so that each template's package set is proven installable and importable
 * without the real index. {@code machine-learning}'s PyTorch index is redirected to a second loopback index standing for
 * the CPU one: torch must come from there, never from the default index (which does not have it).
 * RealTemplatesTest runs data-science and machine-learning against the real indexes.
 */
class TemplatesTest {

    private static final List<String> WEB = List.of("flask", "requests", "beautifulsoup4");
    private static final List<String> DATA_SCIENCE = List.of("numpy", "pandas", "matplotlib", "scipy", "scikit-learn");
    private static final List<String> MACHINE_LEARNING_BUT_TORCH = List.of("transformers", "safetensors", "accelerate", "tokenizers");

    private static LoopbackPackageIndex index;
    /** Stands for PyTorch's CPU index: the only one serving torch. */
    private static LoopbackPackageIndex cpuIndex;

    @TempDir
    Path home;

    private final ProcessRunner runner = new ProcessRunner();
    private PythonBootstrapManager manager;

    @BeforeAll
    static void startIndexes() {
        index = LoopbackPackageIndex.start();
        // Newer than anything a venv is seeded with, so a template that asks for them gets these.
        index.add(WheelBuilder.wheel("setuptools", "99.0.0"), WheelBuilder.wheel("wheel", "99.0.0"));
        for (String name : WEB) {
            index.add(WheelBuilder.wheel(name, "1.0.0"));
        }
        for (String name : DATA_SCIENCE) {
            index.add(WheelBuilder.wheel(name, "1.0.0"));
        }
        for (String name : MACHINE_LEARNING_BUT_TORCH) {
            index.add(WheelBuilder.wheel(name, "1.0.0"));
        }
        index.addBundledPip(TestPython.installDir());
        cpuIndex = LoopbackPackageIndex.start().add(WheelBuilder.wheel("torch", "2.99.0").module("torch/__init__.py", "DEVICE = 'cpu'\n"));
    }

    @AfterAll
    static void stopIndexes() {
        index.close();
        cpuIndex.close();
    }

    @AfterEach
    void waitForBackgroundWork() {
        if (manager != null) {
            manager.awaitBackgroundWork(Duration.ofMinutes(5));
        }
    }

    private BootstrapResult bootstrap(String template) {
        manager = new PythonBootstrapManager(home, runner);
        // The machine-learning profile as shipped, its CPU index pointed at the loopback one.
        PackageProfile ml = manager.packageRequirements().profile("machine-learning").orElseThrow();
        manager.packageRequirements().addOrUpdateProfile(new PackageProfile(ml.name(), ml.description(), ml.requirements(),
                Map.of(Accelerator.CPU.key(), cpuIndex.url())));
        BootstrapResult result = manager.ensurePythonEnvironment(EnvironmentTemplates.get(template).toBuilder().environmentName(template)
                .interpreter(TestPython.executable()).installer(InstallerKind.PIP).accelerator(Accelerator.CPU)
                .sources(new PackageSources(Optional.of(index.url()), List.of(), List.of(), false)).build());
        assertThat(result.success()).as(result.failure().map(Throwable::getMessage).orElse("")).isTrue();
        return result;
    }

    private String python(BootstrapResult result, String code) {
        return runner.run(ProcessSpec.of(result.ready().interpreter().toString(), "-c", code)).orThrow("python -c").stdout().strip();
    }

    private static String imports(List<String> names) {
        return "import " + String.join(", ", names.stream().map(n -> n.replace('-', '_')).toList()) + "; print('ok')";
    }

    @Test
    void minimalInstallsThePackagingTools() {
        BootstrapResult result = bootstrap("minimal");

        assertThat(result.ready().installedPackages()).containsEntry("setuptools", "99.0.0").containsEntry("wheel", "99.0.0")
                .containsKey("pip");
        assertThat(python(result, "import pip, setuptools, wheel; print('ok')")).isEqualTo("ok");
    }

    @Test
    void webDevelopmentInstallsFlaskRequestsAndBeautifulSoup() {
        BootstrapResult result = bootstrap("web-development");

        assertThat(result.ready().installedPackages()).containsEntry("flask", "1.0.0").containsEntry("requests", "1.0.0")
                .containsEntry("beautifulsoup4", "1.0.0");
        assertThat(python(result, imports(WEB))).isEqualTo("ok");
        assertThat(cpuIndex.requests()).as("no profile of this template has an accelerator index").isEmpty();
    }

    @Test
    void fullStackInstallsDataScienceAndMachineLearningWithTorchFromTheCpuIndex() {
        BootstrapResult result = bootstrap("full-stack");

        for (String name : DATA_SCIENCE) {
            assertThat(result.ready().installedPackages()).containsEntry(name, "1.0.0");
        }
        for (String name : MACHINE_LEARNING_BUT_TORCH) {
            assertThat(result.ready().installedPackages()).containsEntry(name, "1.0.0");
        }
        assertThat(result.ready().installedPackages()).containsEntry("torch", "2.99.0");
        assertThat(cpuIndex.requestedFiles()).as("torch came from the CPU index").anyMatch(f -> f.startsWith("torch-2.99.0"));
        assertThat(python(result, imports(DATA_SCIENCE) .replace("; print('ok')", "") + ", " + String.join(", ",
                MACHINE_LEARNING_BUT_TORCH) + ", torch; print(torch.DEVICE)")).isEqualTo("cpu");
    }

    /** The shipped machine-learning profile: its package set, and PyTorch's CPU index for accelerator=cpu (no download). */
    @Test
    void machineLearningResolvesItsPackageSetAndPyTorchsCpuIndex() {
        PackageRequirementsManager profiles = new PackageRequirementsManager(home);

        ResolvedRequirements resolved = profiles.resolve(EnvironmentTemplates.profilesOf("machine-learning"), List.of(), Accelerator.CPU);

        assertThat(resolved.requirements().stream().map(Requirement::text)).containsExactly("torch", "transformers", "safetensors",
                "accelerate", "tokenizers");
        assertThat(resolved.extraIndexUrls()).containsExactly("https://download.pytorch.org/whl/cpu");
        assertThat(resolved.accelerator()).isEqualTo(Accelerator.CPU);
    }
}
