package io.beep.python.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.workers.WorkerMode;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** What dev mode says when src/main/python changes: what it does in each worker mode, not "reloading" for both. */
class ApplicationPythonWatcherTest {

    private static final Path ROOT = Path.of("/app/src/main/python");

    @Test
    void inProcessEnvironmentsAreSaidToReimportTheModulesAndProcessOnesToReplaceTheirWorkers() {
        Map<String, WorkerMode> modes = new TreeMap<>(Map.of("default", WorkerMode.PROCESS, "fast", WorkerMode.IN_PROCESS));

        String message = ApplicationPythonWatcher.reloadMessage(ROOT, modes);

        assertThat(message).startsWith(ROOT + " changed: ")
                .contains("replacing the Python worker processes of 'default'")
                .contains("re-importing the changed modules in-process before the next call of 'fast'")
                .doesNotContain("'fast';").doesNotContain("of 'default', 'fast'");
        assertThat(ApplicationPythonWatcher.reloadMessage(ROOT, Map.of("fast", WorkerMode.IN_PROCESS)))
                .doesNotContain("worker processes").doesNotContain("reloading the Python workers");
    }
}
