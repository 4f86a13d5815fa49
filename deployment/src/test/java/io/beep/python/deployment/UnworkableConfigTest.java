package io.beep.python.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Settings that cannot work (a zero or negative time limit, a home named by a space, a venv relative to the working
 * directory) fail the start together, each named by its key with its value, rather than every call later or a folder
 * in a surprising place.
 */
class UnworkableConfigTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("beep.python.home", " ")
            .overrideConfigKey("beep.python.startup", "lazy")
            .overrideConfigKey("beep.python.exec-timeout", "0S")
            .overrideConfigKey("beep.python.gc-after", "0S")
            .overrideConfigKey("beep.python.runtime-update-interval", "0S")
            .overrideConfigKey("beep.python.workers.call-timeout", "-5S")
            .overrideConfigKey("beep.python.venv.path", "../escaped-venv")
            .overrideConfigKey("beep.python.\"ml\".startup", "lazy")
            .overrideConfigKey("beep.python.\"ml\".timeout", "-1S")
            .assertException(e -> {
                // Nothing was made in the working directory under the blank name, or beside it for the relative venv.
                assertThat(Path.of(" ")).doesNotExist();
                assertThat(Path.of("../escaped-venv")).doesNotExist();
                assertThat(InvalidStartupModeTest.messages(e))
                        .contains("beep.python.home must name a directory, got ' '")
                        .contains("beep.python.exec-timeout must be a positive duration, got 0S")
                        .contains("beep.python.gc-after must be a positive duration, got 0S")
                        .contains("beep.python.runtime-update-interval must be a positive duration, got 0S")
                        .contains("beep.python.workers.call-timeout must be a positive duration, got -5S")
                        .contains("beep.python.venv.path must be an absolute path, got '../escaped-venv'")
                        .contains("beep.python.\"ml\".timeout must be a positive duration, got -1S");
            });

    @Test
    void startupFailsNamingEveryUnworkableKeyAndItsValue() {
        fail("Startup should have failed");
    }
}
