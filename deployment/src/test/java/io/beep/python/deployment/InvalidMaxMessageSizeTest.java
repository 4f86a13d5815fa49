package io.beep.python.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.beep.python.testing.TestHomes;
import io.quarkus.test.QuarkusUnitTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A message limit no call could meet (or no heap could hold) fails startup naming the key and the value. */
class InvalidMaxMessageSizeTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("beep.python.home", TestHomes.create("invalid-max-message-size"))
            .overrideConfigKey("beep.python.startup", "lazy")
            .overrideConfigKey("beep.python.workers.max-message-size", "2G")
            .assertException(e -> assertThat(InvalidStartupModeTest.messages(e))
                    .contains("beep.python.workers.max-message-size must be between 1 and 1G")
                    .contains("2147483648 bytes"));

    @Test
    void startupFailsNamingTheMaxMessageSizeKey() {
        fail("Startup should have failed");
    }
}
