package io.beep.python.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;
import io.beep.python.bootstrap.BootstrapOptions;
import io.beep.python.bootstrap.BootstrapResult;
import io.beep.python.bootstrap.ManagedPythonEnvironment;
import io.beep.python.bootstrap.PythonBootstrapManager;
import io.beep.python.bootstrap.RuntimeMode;
import io.beep.python.packages.PackagesException;
import io.beep.python.process.ProcessRunner;
import io.beep.python.provision.ProvisioningException;
import io.beep.python.registry.RegistryException;
import io.beep.python.venv.VenvException;
import io.beep.python.testing.MachinePython;
import io.beep.python.testing.TestPython;
import io.beep.python.workers.CallTimedOutException;
import io.beep.python.workers.WorkerException;
import io.beep.python.workers.WorkerMode;
import io.beep.python.workers.WorkerOptions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

/** The configuration keys that fix a failure, named by the Quarkus layer and spelled for the environment at fault. */
class ConfigKeyHintsTest {

    private final ConfigKeyHints hints = new ConfigKeyHints();

    @Test
    void aMissingMavenArtifactPointsAtTheMavenRepositoryKey() {
        assertThat(hints.hint("default", new ProvisioningException(ProvisioningException.Reason.NOT_IN_MAVEN, "x", "Cannot find x")))
                .hasValue("Set beep.python.distribution.maven-repository to a repository (or proxy) that has it.");
    }

    @Test
    void aNamedEnvironmentsKeyIsQuoted() {
        assertThat(hints.hint("ml", new ProvisioningException(ProvisioningException.Reason.MISSING_CHECKSUM, "u", "no checksum")))
                .hasValue("Set beep.python.\"ml\".distribution.sha256 to the archive's SHA-256.");
    }

    @Test
    void globalKeysAreNeverQuoted() {
        assertThat(hints.hint("ml", new ProvisioningException(ProvisioningException.Reason.INSECURE_URL, "u", "plain http")).orElseThrow())
                .contains("beep.python.allow-insecure-http=true").doesNotContain("\"ml\"");
        assertThat(hints.hint("ml", new RegistryException(RegistryException.Reason.NEWER_SCHEMA, "f", "newer")).orElseThrow())
                .contains("beep.python.home");
    }

    @Test
    void eachRoomsFixableReasonsNameTheirKey() {
        assertThat(hints.hint("default", new ProvisioningException(ProvisioningException.Reason.VERSION_MISMATCH, "v", "m")).orElseThrow())
                .contains("beep.python.python-version");
        assertThat(hints.hint("default", new PackagesException(PackagesException.Reason.UV_UNAVAILABLE, "uv", "m")).orElseThrow())
                .contains("beep.python.installer=pip");
        assertThat(hints.hint("default", new PackagesException(PackagesException.Reason.REQUIREMENTS_FILE, "f", "m")).orElseThrow())
                .contains("beep.python.requirements-file");
        assertThat(hints.hint("default", new VenvException(VenvException.Reason.PATH_EXISTS, "p", "m")).orElseThrow())
                .contains("beep.python.venv.path");
        assertThat(hints.hint("default", new RegistryException(RegistryException.Reason.NO_MATCH, "3.99", "m")).orElseThrow())
                .contains("beep.python.interpreter").contains("beep.python.runtime=auto");
        assertThat(hints.hint("default", new PythonBootstrapException(BootstrapStage.INSTALLING_PACKAGES,
                PythonBootstrapException.Reason.TIMED_OUT, "15M", "late", null)).orElseThrow())
                .contains("beep.python.timeout");
        assertThat(hints.hint("default", new PythonBootstrapException(BootstrapStage.CHECKING_RUNTIME,
                PythonBootstrapException.Reason.NO_INTERPRETER, "3.99", "the system runtime never provisions", null)).orElseThrow())
                .contains("beep.python.runtime=auto");
    }

    @Test
    void aProjectFileErrorPointsAtTheProjectKeysNotTheRequirementsFile() {
        String pyproject = hints.hint("ml", new PackagesException(PackagesException.Reason.REQUIREMENTS_FILE, "/app/ml/pyproject.toml",
                "/app/ml/pyproject.toml declares no extra 'gpu'")).orElseThrow();
        assertThat(pyproject).contains("beep.python.\"ml\".project-extras").doesNotContain("requirements-file");
        assertThat(hints.hint("default", new PackagesException(PackagesException.Reason.REQUIREMENTS_FILE, "/app/poetry.lock", "drift"))
                .orElseThrow()).contains("beep.python.project-lock-check=false").doesNotContain("requirements-file");
        assertThat(hints.hint("default", new PackagesException(PackagesException.Reason.REQUIREMENTS_FILE, "/app/pylock.toml", "bad"))
                .orElseThrow()).contains("beep.python.requirements-file").contains("beep.python.project");
    }

    @Test
    void aWrappedRoomErrorGetsItsRoomsHint() {
        PackagesException room = new PackagesException(PackagesException.Reason.UNKNOWN_PROFILE, "dat-science", "Unknown profile");
        PythonBootstrapException wrapped = new PythonBootstrapException(BootstrapStage.LOADING_PROFILES, "dat-science", "Unknown", room);

        assertThat(hints.hint("etl", wrapped)).hasValueSatisfying(h -> assertThat(h).contains("beep.python.\"etl\".profiles"));
    }

    @Test
    void aBootstrapWithTheseHintsNamesTheKeyInItsFailure(@TempDir Path home) {
        PythonBootstrapManager manager = new PythonBootstrapManager(home, new ProcessRunner(), hints);

        BootstrapResult result = manager.ensurePythonEnvironment(BootstrapOptions.builder().environmentName("etl")
                .runtime(RuntimeMode.EMBEDDED).profiles(List.of("dat-science")).build());

        PythonBootstrapException error = result.failure().orElseThrow();
        assertThat(error.stage()).isEqualTo(BootstrapStage.INITIALIZING);
        assertThat(error.componentError()).containsInstanceOf(PackagesException.class);
        assertThat(error.getMessage()).contains("Unknown profile 'dat-science'").contains("beep.python.\"etl\".profiles");
    }

    @Test
    void queueFullNamesTheQueueSizeKey() {
        WorkerException full = new WorkerException(WorkerException.Reason.QUEUE_FULL, "m:f", "The worker queue is full (1000 calls wait, the queue's limit)");

        assertThat(hints.hint("default", full)).hasValue("The limit is beep.python.workers.queue-size.");
        assertThat(hints.hint("ml", full)).hasValue("The limit is beep.python.\"ml\".workers.queue-size.");
        assertThat(hints.hint("default", new WorkerException(WorkerException.Reason.CLOSED, "m:f", "closed"))).isEmpty();
    }

    @Test
    void aMessageOverTheLimitNamesTheMaxMessageSizeKey() {
        WorkerException big = new WorkerException(WorkerException.Reason.MESSAGE_TOO_LARGE, "m:f",
                "The result of m:f is 2000030 bytes as JSON, more than the largest message a worker may send (1 MiB (1048576 bytes))");

        assertThat(hints.hint("default", big)).hasValue("The limit is beep.python.workers.max-message-size.");
        assertThat(hints.explain("ml", big, big.getMessage())).endsWith("(1 MiB (1048576 bytes)). The limit is beep.python.\"ml\".workers.max-message-size.");
    }

    @Test
    void callTimeOutNamesTheCallTimeoutKey() {
        CallTimedOutException late = new CallTimedOutException("m:f", "The call to m:f passed its time limit (500 ms)", null);

        assertThat(hints.hint("default", late)).hasValue("The limit is beep.python.workers.call-timeout.");
        assertThat(hints.explain("ml", late, late.getMessage()))
                .isEqualTo("The call to m:f passed its time limit (500 ms). The limit is beep.python.\"ml\".workers.call-timeout.");
    }

    /**
     * In-process (issue 31) on an interpreter of the machine, which the JVM cannot load: the workers are opened as the
     * environment becomes ready, so it fails at VERIFYING naming the interpreter and the mode key, never at its first call.
     */
    @Test
    void inProcessOnAnInterpreterOfTheMachineFailsTheEnvironmentAtVerifyingNamingTheModeKey(@TempDir Path home) {
        Path machine = MachinePython.find();
        PythonBootstrapManager manager = new PythonBootstrapManager(home, new ProcessRunner(), hints);
        BootstrapOptions options = BootstrapOptions.builder().environmentName("ml").interpreter(machine)
                .workers(WorkerOptions.defaults().withMode(WorkerMode.IN_PROCESS)).build();

        try (ManagedPythonEnvironment environment = new ManagedPythonEnvironment(options, manager, Runnable::run)) {
            BootstrapResult result = environment.start().join();

            PythonBootstrapException error = result.failure().orElseThrow();
            assertThat(error.stage()).isEqualTo(BootstrapStage.VERIFYING);
            assertThat(error.input()).hasValueSatisfying(input -> assertThat(Path.of(input).getFileName().toString()).startsWith("python"));
            assertThat(error.getMessage()).contains(error.input().orElseThrow()).contains("beep.python.\"ml\".workers.mode=process");
            assertThat(environment.status().stage()).isEqualTo(BootstrapStage.FAILED);
            assertThat(environment.status().error()).hasValueSatisfying(message -> assertThat(message).contains("workers.mode=process"));
        }
    }
}
