package io.beep.python.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DefaultAsNamedEnvironmentTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("beep.python.\"default\".python-version", "3.12")
            .assertException(e -> assertThat(InvalidStartupModeTest.messages(e))
                    .contains("beep.python.\"default\".python-version").contains("unnamed environment"));

    @Test
    void defaultIsRefusedAsANamedEnvironment() {
        fail("The build should have failed");
    }
}
