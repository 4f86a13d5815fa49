package io.beep.python.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.beep.python.testing.TestHomes;
import io.quarkus.test.QuarkusUnitTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code workers.mode=in-process} (issue 31) where the configuration alone rules it out: an explicit interpreter,
 * {@code runtime=system} or another distribution source never gives the org.bytedeco:cpython build the JVM can load, and
 * CPython serves one environment per JVM. The start fails naming each key, the interpreter and why, before anything is made.
 */
class InProcessConfigTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("beep.python.home", TestHomes.create("in-process-config"))
            .overrideConfigKey("beep.python.startup", "lazy")
            .overrideConfigKey("beep.python.runtime", "system")
            .overrideConfigKey("beep.python.workers.mode", "in-process")
            .overrideConfigKey("beep.python.\"ml\".startup", "lazy")
            .overrideConfigKey("beep.python.\"ml\".distribution.source", "python-build-standalone")
            .overrideConfigKey("beep.python.\"ml\".workers.mode", "in-process")
            .overrideConfigKey("beep.python.\"etl\".startup", "lazy")
            .overrideConfigKey("beep.python.\"etl\".interpreter", "/opt/python3.13/bin/python3")
            .overrideConfigKey("beep.python.\"etl\".workers.mode", "in-process")
            .overrideConfigKey("beep.python.\"web\".startup", "lazy")
            .overrideConfigKey("beep.python.\"web\".workers.mode", "process")
            .assertException(e -> assertThat(InvalidStartupModeTest.messages(e))
                    .contains("beep.python.workers.mode=in-process loads CPython into the JVM")
                    .contains("but beep.python.runtime=system never uses it")
                    .contains("but beep.python.\"ml\".distribution.source=python-build-standalone provisions another build of CPython")
                    .contains("but beep.python.\"etl\".interpreter names /opt/python3.13/bin/python3")
                    .contains("set beep.python.\"etl\".workers.mode=process")
                    .contains("Only one Python environment per JVM can run in-process")
                    .contains("'default'").contains("'ml'").contains("'etl'")
                    .doesNotContain("beep.python.\"web\".workers.mode"));

    @Test
    void startupFailsNamingEachInProcessKeyTheInterpreterAndWhy() {
        fail("Startup should have failed");
    }
}
