package io.beep.python.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.beep.python.testing.TestHomes;
import io.quarkus.test.QuarkusUnitTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BlockingStartupFailureTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("beep.python.home", TestHomes.create("blocking"))
            .overrideConfigKey("beep.python.startup", "blocking")
            .overrideConfigKey("beep.python.interpreter", "/nonexistent/bin/python3")
            .assertException(e -> assertThat(InvalidStartupModeTest.messages(e))
                    .contains("Python environment 'default'")
                    .contains("startup=blocking")
                    .contains("CHECKING_RUNTIME")
                    .contains("/nonexistent/bin/python3"));

    @Test
    void startupFailsNamingTheEnvironmentTheStageAndTheCause() {
        fail("Startup should have failed");
    }
}
