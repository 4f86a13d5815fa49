package io.beep.python.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;
import io.beep.python.bootstrap.BootstrapOptions;
import io.beep.python.bootstrap.ManagedPythonEnvironment;
import io.beep.python.bootstrap.PythonBootstrapManager;
import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.TestPython;
import io.beep.python.workers.WorkerMode;
import io.beep.python.workers.WorkerOptions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * In-process environments through the bootstrap, with the configuration's hints. It loads CPython into its JVM, so
 * Surefire runs it in a JVM of its own (runtime/pom.xml, execution "in-process").
 */
class InProcessEnvironmentsTest {

    private final ConfigKeyHints hints = new ConfigKeyHints();

    /**
     * CPython is loaded once per JVM and serves one environment's sys.path: a second environment asking for in-process
     * while the first runs fails at VERIFYING naming both environments and its own mode key; the first one goes on.
     */
    @Test
    void aSecondInProcessEnvironmentFailsNamingBothAndItsModeKey(@TempDir Path home) {
        PythonBootstrapManager manager = new PythonBootstrapManager(home, new ProcessRunner(), hints);
        WorkerOptions inProcess = WorkerOptions.defaults().withMode(WorkerMode.IN_PROCESS);
        BootstrapOptions.Builder options = BootstrapOptions.builder().interpreter(TestPython.executable()).workers(inProcess);

        try (ManagedPythonEnvironment first = new ManagedPythonEnvironment(options.environmentName("etl").build(), manager, Runnable::run);
                ManagedPythonEnvironment second = new ManagedPythonEnvironment(options.environmentName("ml").build(), manager, Runnable::run)) {
            assertThat(first.start().join().failure()).isEmpty();
            assertThat(first.workers().call("os:getpid").asLong()).as("in the JVM").isEqualTo(ProcessHandle.current().pid());

            PythonBootstrapException error = second.start().join().failure().orElseThrow();

            assertThat(error.stage()).isEqualTo(BootstrapStage.VERIFYING);
            assertThat(error.getMessage()).contains("'ml'").contains("'etl'").contains("beep.python.\"ml\".workers.mode=process");
            assertThat(first.workers().call("os:getpid").asLong()).isEqualTo(ProcessHandle.current().pid());

            // After the first closes, CPython is still its (the docs: its modules stay for the JVM's life): the second is still
            // refused, naming both and its key, and the first environment may come back.
            first.close();
            try (ManagedPythonEnvironment third = new ManagedPythonEnvironment(options.environmentName("nlp").build(), manager, Runnable::run);
                    ManagedPythonEnvironment again = new ManagedPythonEnvironment(options.environmentName("etl").build(), manager, Runnable::run)) {
                assertThat(third.start().join().failure().orElseThrow().getMessage()).contains("'nlp'").contains("'etl'")
                        .contains("beep.python.\"nlp\".workers.mode=process");
                assertThat(again.start().join().failure()).isEmpty();
                assertThat(again.workers().call("os:getpid").asLong()).isEqualTo(ProcessHandle.current().pid());
            }
        }
    }
}
