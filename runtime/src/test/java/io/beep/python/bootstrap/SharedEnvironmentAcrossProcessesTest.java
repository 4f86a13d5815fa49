package io.beep.python.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.ProcessResult;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.testing.TestPython;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

class SharedEnvironmentAcrossProcessesTest {

    @TempDir
    Path home;

    @Test
    void twoProcessesSharingAVenvSerialiseAndTheSecondReusesTheFirstOnesWork() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessSpec spec = ProcessSpec.of(java.toString(), "-cp", System.getProperty("java.class.path"), BootstrapMain.class.getName(),
                home.toString(), "shared", TestPython.executable().toString()).withTimeout(Duration.ofMinutes(3));
        ProcessRunner runner = new ProcessRunner();

        List<String> outcomes = Stream.of(CompletableFuture.supplyAsync(() -> runner.run(spec)),
                CompletableFuture.supplyAsync(() -> runner.run(spec)))
                .map(CompletableFuture::join)
                .map(ProcessResult::stdout)
                .map(out -> out.lines().filter(l -> l.startsWith("warm=")).findFirst().orElse(out))
                .sorted()
                .toList();

        assertThat(outcomes).containsExactly("warm=false success=true", "warm=true success=true");
        assertThat(io.beep.python.testing.TestHomes.venv(home, "shared").resolve("pyvenv.cfg")).exists();
    }
}
