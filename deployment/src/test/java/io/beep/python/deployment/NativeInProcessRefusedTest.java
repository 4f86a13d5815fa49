package io.beep.python.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.beep.python.testing.TestHomes;
import io.quarkus.test.QuarkusUnitTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A native build of an application whose environment asks for in-process workers fails at build time, naming the key. */
class NativeInProcessRefusedTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.native.enabled", "true")
            .overrideConfigKey("beep.python.home", TestHomes.create("native-in-process"))
            .overrideConfigKey("beep.python.startup", "lazy")
            .overrideConfigKey("beep.python.\"ml\".startup", "lazy")
            .overrideConfigKey("beep.python.\"ml\".workers.mode", "in-process")
            .assertException(e -> assertThat(InvalidStartupModeTest.messages(e))
                    .contains("beep.python.\"ml\".workers.mode = in-process cannot work in a native image")
                    .doesNotContain("beep.python.workers.mode"));

    @Test
    void theNativeBuildFailsNamingTheKey() {
        fail("The build should have failed");
    }
}
