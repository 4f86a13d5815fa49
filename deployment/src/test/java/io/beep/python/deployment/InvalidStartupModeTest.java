package io.beep.python.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.beep.python.testing.TestHomes;
import io.quarkus.test.QuarkusUnitTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InvalidStartupModeTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("beep.python.home", TestHomes.create("invalid"))
            .overrideConfigKey("beep.python.startup", "sometimes")
            .assertException(e -> {
                String all = messages(e);
                assertThat(all).contains("beep.python.startup").contains("sometimes");
                assertThat(all).containsIgnoringCase("background").containsIgnoringCase("blocking").containsIgnoringCase("lazy");
            });

    @Test
    void startupFailsNamingTheKeyAndTheAllowedValues() {
        fail("Startup should have failed");
    }

    static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
            for (Throwable s : t.getSuppressed()) {
                all.append(s.getMessage()).append('\n');
            }
        }
        return all.toString();
    }
}
