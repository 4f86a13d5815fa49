package io.beep.python.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.testing.LoopbackMavenRepository;
import io.beep.python.testing.SmallDisk;
import io.beep.python.testing.TestPython;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A home on a disk that fills up (a real tmpfs): a clear error, partial files gone, and the home works once space returns. */
class DiskFullTest {

    @TempDir
    Path dir;
    @TempDir
    Path emptyLocalRepository;

    final ProcessRunner runner = new ProcessRunner();

    @Test
    void aDiskThatFillsWhileUnpackingIsNamedLeavesNoPartialTreeAndTheNextStartSucceeds() throws IOException {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("home"), 40)) {
            Path home = disk.path();
            // The archive comes from the local Maven repository (no download): the 90 MB interpreter cannot fit in 40 MB.
            PythonProvisioner provisioner = Fixtures.provisioner(home, runner, TestPython.localMavenRepository());

            assertThatThrownBy(() -> provisioner.provision(Fixtures.maven("3.13"), DownloadListener.none(), Cancellation.none()))
                    .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                        assertThat(e.reason()).isEqualTo(ProvisioningException.Reason.IO);
                        assertThat(e.getMessage()).contains("No space left").contains(home.resolve("embedded").toString());
                    });
            assertThat(children(home.resolve("embedded"))).isEmpty();
            assertThat(TestPython.jar()).exists();

            disk.grow(400);
            ProvisionedPython python = provisioner.provision(Fixtures.maven("3.13"), DownloadListener.none(), Cancellation.none());
            assertThat(runner.run(ProcessSpec.of(python.executable().toString(), "-c", "import ssl, venv; print('ok')")).stdout()).contains("ok");
        }
    }

    @Test
    void aDiskThatFillsWhileDownloadingFailsAtOnceRemovesThePartialFileAndTheNextStartDownloads() throws IOException {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("home"), 10); LoopbackMavenRepository repository = LoopbackMavenRepository.start()) {
            repository.publishFromLocalRepository("org.bytedeco", "cpython", TestPython.MAVEN_VERSION, TestPython.CLASSIFIER, "jar");
            Path home = disk.path();
            PythonProvisioner provisioner = Fixtures.provisioner(home, runner, emptyLocalRepository);

            assertThatThrownBy(() -> provisioner.provision(Fixtures.maven("3.13", repository.uri()), DownloadListener.none(),
                    Cancellation.none()))
                    .isInstanceOf(ProvisioningException.class).hasMessageContaining("No space left");
            assertThat(repository.downloads(Fixtures.JAR_PATH)).as("not retried").isEqualTo(1);
            try (Stream<Path> files = Files.walk(home)) {
                assertThat(files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".lock")))
                        .as("files left in the home").isEmpty();
            }

            disk.grow(400);
            ProvisionedPython python = provisioner.provision(Fixtures.maven("3.13", repository.uri()), DownloadListener.none(),
                    Cancellation.none());
            assertThat(python.executable()).isExecutable();
        }
    }

    private static java.util.List<Path> children(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return java.util.List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        }
    }
}
