package io.beep.python.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.quarkus.PythonEnvironments;
import io.beep.python.testing.TestHomes;
import io.quarkus.test.QuarkusUnitTest;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Settings given at run time for an environment the build did not declare (no key in the build's configuration, no
 * {@code @PythonEnv} injection point) configure nothing: the start says so at WARN, naming the environment and its keys,
 * and says nothing about the unnamed environment's own keys.
 */
class UnusedEnvironmentSettingsTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("beep.python.home", TestHomes.create("unused-settings"))
            .overrideConfigKey("beep.python.startup", "lazy")
            .overrideRuntimeConfigKey("beep.python.\"h1\".packages", "six")
            .overrideRuntimeConfigKey("beep.python.\"h1\".python-version", "3.12")
            .overrideRuntimeConfigKey("beep.python.workers.size", "2")
            .overrideRuntimeConfigKey("beep.python.venv.enabled", "true")
            .setLogRecordPredicate(record -> record.getLevel().intValue() >= Level.WARNING.intValue()
                    && record.getLoggerName().startsWith("io.beep.python"))
            .assertLogRecords(records -> {
                assertThat(records).extracting(UnusedEnvironmentSettingsTest::text).anySatisfy(line -> assertThat(line)
                        .contains("no Python environment 'h1'")
                        .contains("beep.python.\"h1\".packages").contains("beep.python.\"h1\".python-version")
                        .contains("@PythonEnv(\"h1\")"));
                assertThat(records).extracting(UnusedEnvironmentSettingsTest::text)
                        .noneMatch(line -> line.contains("'workers'") || line.contains("'venv'") || line.contains("'default'"));
            });

    @Inject
    PythonEnvironments environments;

    @Test
    void settingsForAnEnvironmentNothingDeclaresAreNamedAtWarn() {
        assertThat(environments.all()).containsOnlyKeys("default");
    }

    private static String text(LogRecord record) {
        return record.getParameters() == null ? record.getMessage()
                : String.format(record.getMessage(), record.getParameters());
    }
}
