package io.beep.python.provision;

import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.LoopbackMavenRepository;
import io.beep.python.testing.TestPython;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The "Programmatic use" example of docs/provisioning.md, with a loopback repository for the Nexus. */
class DocsExampleTest {

    @TempDir
    Path home;

    @Test
    void theProgrammaticExampleWorksAsWritten() {
        try (LoopbackMavenRepository nexus = LoopbackMavenRepository.start()) {
            nexus.publishFromLocalRepository("org.bytedeco", "cpython", TestPython.MAVEN_VERSION, TestPython.CLASSIFIER, "jar");

            PythonProvisioner provisioner = new PythonProvisioner(home, new ProcessRunner());
            ProvisionRequest request = new ProvisionRequest("3.13", DistributionSource.MAVEN,
                    List.of(nexus.uri()),
                    Optional.empty(), Optional.empty(), Optional.empty(), false);
            ProvisionedPython python = provisioner.provision(request,
                    (done, total) -> System.out.printf("%d of %d bytes%n", done, total), Cancellation.none());
            Path executable = python.executable();
            List<String> offered = provisioner.availableVersions(DistributionSource.PYTHON_BUILD_STANDALONE);

            assertThat(executable).isEqualTo(home.resolve("embedded/cpython-3.13.5-linux-x86_64/bin/python3")).isExecutable();
            assertThat(offered).contains("3.13.15");
        }
    }
}
