package io.beep.python.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A named environment pointed at a project directory that holds no {@code pyproject.toml} fails the start,
 * naming its key and the file it looked for, before any bootstrap (even with {@code startup=lazy}).
 */
class ProjectWithoutPyprojectTest {

    private static final String MISSING = System.getProperty("java.io.tmpdir") + "/beep-no-such-project-" + ProcessHandle.current().pid();

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("beep.python.startup", "lazy")
            .overrideConfigKey("beep.python.\"ml\".startup", "lazy")
            .overrideConfigKey("beep.python.\"ml\".project", MISSING)
            .assertException(e -> assertThat(InvalidStartupModeTest.messages(e))
                    .contains("beep.python.\"ml\".project=" + MISSING)
                    .contains(MISSING + "/pyproject.toml does not exist"));

    @Test
    void startupFailsNamingTheKeyAndTheMissingProjectFile() {
        fail("Startup should have failed");
    }
}
