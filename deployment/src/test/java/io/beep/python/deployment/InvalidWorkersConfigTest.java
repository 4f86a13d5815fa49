package io.beep.python.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.beep.python.testing.TestHomes;
import io.quarkus.test.QuarkusUnitTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A worker pool that could never take a call fails startup naming the key, not the first call without one. */
class InvalidWorkersConfigTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("beep.python.home", TestHomes.create("invalid-workers"))
            .overrideConfigKey("beep.python.startup", "lazy")
            .overrideConfigKey("beep.python.\"ml\".startup", "lazy")
            .overrideConfigKey("beep.python.\"ml\".workers.queue-size", "-1")
            .assertException(e -> assertThat(InvalidStartupModeTest.messages(e))
                    .contains("beep.python.\"ml\".workers.queue-size")
                    .contains("-1"));

    @Test
    void startupFailsNamingTheEnvironmentsWorkersKey() {
        fail("Startup should have failed");
    }
}
