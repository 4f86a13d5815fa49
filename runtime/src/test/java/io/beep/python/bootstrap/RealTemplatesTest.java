package io.beep.python.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.packages.Accelerator;
import io.beep.python.packages.PackageRequirementsManager;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.testing.RealPackageIndex;
import io.beep.python.testing.SharedDataScience;
import io.beep.python.testing.TestPython;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Scenarios 2 and 3 of the original guide with real packages: they need the machine's package
 * index (and PyTorch's, for machine learning) and are skipped, saying why, without them.
 */
class RealTemplatesTest {

    @TempDir
    Path home;

    private final ProcessRunner runner = new ProcessRunner();

    /** The template's one bootstrap in this JVM, which RealPackagesTest's data-science check reads as well. */
    @Test
    void scenario02DataScienceTemplateInstallsAndImports() {
        RealPackageIndex.assumeReachable();
        BootstrapResult result = SharedDataScience.environment().result();

        assertThat(result.success()).as(result.failure().map(Throwable::getMessage).orElse("")).isTrue();
        assertThat(result.ready().installedPackages()).containsKeys("numpy", "pandas", "matplotlib", "scipy", "scikit-learn");
        assertThat(runner.run(ProcessSpec.of(result.ready().interpreter().toString(), "-c",
                "import numpy, pandas, sklearn; print(int(numpy.arange(4).sum()))")).stdout().strip()).isEqualTo("6");
    }

    /** Opt-in: torch and transformers download about a gigabyte, from PyTorch's own index besides the default one. */
    @Test
    void scenario03MachineLearningTemplateInstallsTorchForThisMachine() {
        boolean wanted = "true".equals(System.getenv("BEEP_PYTHON_ML_TESTS"));
        Assumptions.assumeTrue(wanted, () -> {
            String reason = "the machine-learning template downloads ~1 GB from PyTorch's index ("
                    + PackageRequirementsManager.TORCH_INDEXES.get(Accelerator.CPU.key()) + "); set BEEP_PYTHON_ML_TESTS=true to run it";
            System.out.println("SKIPPED: " + reason);
            return reason;
        });
        RealPackageIndex.assumeReachable();
        BootstrapResult result = new PythonBootstrapManager(home, runner).ensurePythonEnvironment(
                EnvironmentTemplates.MACHINE_LEARNING.toBuilder().environmentName("ml").interpreter(TestPython.executable())
                        .accelerator(Accelerator.CPU).timeout(Duration.ofMinutes(30)).build());

        assertThat(result.success()).as(result.failure().map(Throwable::getMessage).orElse("")).isTrue();
        assertThat(runner.run(ProcessSpec.of(result.ready().interpreter().toString(), "-c",
                "import torch; print(torch.tensor([1, 2]).sum().item())")).stdout().strip()).isEqualTo("3");
    }
}
