package io.beep.python.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

class BuildRepositoriesTest {

    @Test
    void recordsTheRemoteRepositoriesOfThisBuildAsHttpUrls() {
        assertThat(BuildRepositories.of(Path.of("").toAbsolutePath()))
                .isNotEmpty()
                .allSatisfy(url -> assertThat(url).matches("https?://.+"));
    }
}
