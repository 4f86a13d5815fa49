package io.beep.python.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beep.python.bootstrap.BootstrapOptions;
import io.beep.python.packages.PythonProject;
import io.beep.python.quarkus.BeepPythonBuildTimeConfig;
import io.beep.python.quarkus.BeepPythonConfig;
import io.beep.python.quarkus.BeepPythonRecorder;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The project keys ({@code beep.python.project}, {@code project-extras}, {@code project-groups},
 * {@code project-lock-check}, {@code project-install}) read through the real configuration mapping into the
 * bootstrap's options, for the default and a named environment, on a real project tree; and
 * {@code build-time-provisioning} per environment.
 */
class ProjectConfigTest {

    @TempDir
    Path app;

    private Path applicationPython() throws IOException {
        return Files.createDirectories(app.resolve("src/main/python"));
    }

    private static Path project(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(PythonProject.PYPROJECT), "[project]\nname = \"p\"\nversion = \"1\"\ndependencies = []\n");
        return directory;
    }

    private static Optional<PythonProject> projectOf(String name, Map<String, String> keys, Optional<Path> applicationPython, boolean dev) {
        BeepPythonConfig config = RunTimeConfigAtBuild.of(keys);
        BootstrapOptions options = BeepPythonRecorder.options(name, config.environments().get(name), config, List.of(), List.of(),
                applicationPython, dev);
        return options.project();
    }

    @Test
    void theDefaultEnvironmentInstallsSrcMainPythonWhenItHoldsPyprojectAndANamedOneDoesNot() throws IOException {
        Path sources = applicationPython();
        assertThat(projectOf("default", Map.of(), Optional.of(sources), false)).as("no pyproject.toml").isEmpty();

        project(sources);

        PythonProject project = projectOf("default", Map.of(), Optional.of(sources), false).orElseThrow();
        assertThat(project.directory()).isEqualTo(sources);
        assertThat(project.extras()).isEmpty();
        assertThat(project.groups()).as("dev and test stay out unless named").isEmpty();
        assertThat(project.lockCheck()).isTrue();
        assertThat(project.installProject()).isFalse();
        assertThat(projectOf("ml", Map.of(), Optional.of(sources), false)).isEmpty();
        assertThat(projectOf("default", Map.of(), Optional.empty(), false)).as("an application without src/main/python").isEmpty();
    }

    @Test
    void noneTurnsTheDefaultOff() throws IOException {
        Path sources = project(applicationPython());

        assertThat(projectOf("default", Map.of("beep.python.project", "none"), Optional.of(sources), false)).isEmpty();
    }

    @Test
    void aNamedEnvironmentTakesAProjectUnderSrcMainPythonWithItsExtrasGroupsAndFlags() throws IOException {
        Path sources = applicationPython();
        Path ml = project(sources.resolve("ml"));
        Map<String, String> keys = Map.of("beep.python.\"ml\".project", "ml", "beep.python.\"ml\".project-extras", "gpu,plots",
                "beep.python.\"ml\".project-groups", "docs", "beep.python.\"ml\".project-lock-check", "false",
                "beep.python.\"ml\".project-install", "true");

        PythonProject project = projectOf("ml", keys, Optional.of(sources), false).orElseThrow();

        assertThat(project.directory()).isEqualTo(ml);
        assertThat(project.extras()).containsExactlyInAnyOrder("gpu", "plots");
        assertThat(project.groups()).containsExactly("docs");
        assertThat(project.lockCheck()).isFalse();
        assertThat(project.installProject()).isTrue();
        assertThat(project.editable()).as("outside dev mode").isFalse();
        assertThat(projectOf("ml", keys, Optional.of(sources), true).orElseThrow().editable()).as("in dev mode").isTrue();
        assertThat(projectOf("default", keys, Optional.of(sources), false)).as("the default environment's keys are its own").isEmpty();
    }

    @Test
    void anAbsoluteProjectDirectoryIsUsedAsItIs() throws IOException {
        Path elsewhere = project(app.resolve("elsewhere"));

        PythonProject project = projectOf("default", Map.of("beep.python.project", elsewhere.toString()), Optional.empty(), false)
                .orElseThrow();

        assertThat(project.directory()).isEqualTo(elsewhere);
    }

    @Test
    void aProjectDirectoryWithoutPyprojectIsRefusedNamingTheKeyAndThePath() throws IOException {
        Path sources = applicationPython();
        Path empty = Files.createDirectories(app.resolve("empty"));

        assertThatThrownBy(() -> projectOf("default", Map.of("beep.python.project", empty.toString()), Optional.of(sources), false))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("beep.python.project=")
                .hasMessageContaining(empty.resolve("pyproject.toml").toString());
        assertThatThrownBy(() -> projectOf("ml", Map.of("beep.python.\"ml\".project", "models"), Optional.of(sources), false))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("beep.python.\"ml\".project=models")
                .hasMessageContaining(sources.resolve("models/pyproject.toml").toString())
                .satisfies(e -> assertThat(((ConfigurationException) e).getConfigKeys()).containsExactly("beep.python.\"ml\".project"));
    }

    @Test
    void aRelativeProjectLeadingOutOfSrcMainPythonIsRefusedAsAPackagedApplicationWouldNotCarryIt() throws IOException {
        Path sources = applicationPython();
        project(app.resolve("beside"));

        assertThatThrownBy(() -> projectOf("default", Map.of("beep.python.project", "../../beside"), Optional.of(sources), false))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("beep.python.project=../../beside")
                .hasMessageContaining("outside src/main/python");
    }

    @Test
    void buildTimeProvisioningIsSettablePerEnvironmentDefaultingToTheGlobalOne() {
        BeepPythonBuildTimeConfig config = buildTime(Map.of("beep.python.build-time-provisioning", "true",
                "beep.python.\"sys\".build-time-provisioning", "false"));

        assertThat(config.bakes("default")).isTrue();
        assertThat(config.bakes("ml")).as("not set: the global value").isTrue();
        assertThat(config.bakes("sys")).isFalse();

        BeepPythonBuildTimeConfig onlyOne = buildTime(Map.of("beep.python.\"ml\".build-time-provisioning", "true"));
        assertThat(onlyOne.bakes("default")).isFalse();
        assertThat(onlyOne.bakes("ml")).isTrue();
        assertThat(onlyOne.bakesAny(List.of("default"))).isFalse();
        assertThat(onlyOne.bakesAny(List.of("default", "ml"))).isTrue();
        assertThat(new EnvironmentNames().namedIn(List.of("beep.python.\"ml\".build-time-provisioning", "beep.python.build-time-provisioning")))
                .as("the per-environment key names an environment").isEqualTo(Set.of("ml"));
    }

    private static BeepPythonBuildTimeConfig buildTime(Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(values, "test", 500))
                .withMapping(BeepPythonBuildTimeConfig.class)
                .withValidateUnknown(false)
                .build()
                .getConfigMapping(BeepPythonBuildTimeConfig.class);
    }
}
