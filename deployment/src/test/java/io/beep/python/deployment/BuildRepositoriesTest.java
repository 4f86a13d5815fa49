package io.beep.python.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

/**
 * The dev-mode and test path (no resolver handed over by the Maven plugin). The {@code mvn package}
 * path runs only inside a real Maven build: {@code PackagedAppProvisioningIT} in the
 * integration-tests module builds and starts an application that way.
 */
class BuildRepositoriesTest {

    @Test
    void withoutThePluginsResolverTheMavenSettingsOfThisBuildAreRecordedAsHttpUrls() {
        BuildRepositories.Recorded recorded = BuildRepositories.of(null, Path.of("").toAbsolutePath());

        assertThat(recorded.warning()).isEmpty();
        assertThat(recorded.urls())
                .isNotEmpty()
                .allSatisfy(url -> assertThat(url).matches("https?://.+"));
    }

    @Test
    void aGradleBuildIsRecordedFromTheMavenSettingsWithAWarning() {
        // The Quarkus Gradle plugin's provider supplies null: that is how a Gradle build shows here.
        BuildRepositories.Recorded recorded = BuildRepositories.of(() -> null, Path.of("").toAbsolutePath());

        assertThat(recorded.urls()).isNotEmpty();
        assertThat(recorded.warning()).hasValueSatisfying(w -> assertThat(w).contains("Gradle"));
    }

    @Test
    void userInfoInARepositoryUrlIsNeverRecorded() {
        assertThat(BuildRepositories.withoutUserInfo("https://deploy:s3cr3t@nexus.example.com:8443/repository/maven/"))
                .isEqualTo("https://nexus.example.com:8443/repository/maven/");
        assertThat(BuildRepositories.withoutUserInfo("https://repo.maven.apache.org/maven2"))
                .isEqualTo("https://repo.maven.apache.org/maven2");
    }
}
