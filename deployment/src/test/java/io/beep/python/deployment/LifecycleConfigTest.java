package io.beep.python.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beep.python.bootstrap.BootstrapOptions;
import io.beep.python.quarkus.BeepPythonConfig;
import io.beep.python.quarkus.BeepPythonRecorder;
import io.beep.python.quarkus.DevIde;
import io.quarkus.runtime.configuration.ConfigurationException;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Issue 35's keys read through the real configuration mapping: {@code set-as-default} into the bootstrap's options, for
 * the default and a named environment, {@code seed-packages}, and {@code dev.ide}.
 */
class LifecycleConfigTest {

    private static BootstrapOptions options(String name, Map<String, String> keys) {
        BeepPythonConfig config = RunTimeConfigAtBuild.of(keys);
        return BeepPythonRecorder.options(name, config.environments().get(name), config, List.of(), List.of(), Optional.empty(), false);
    }

    @Test
    void setAsDefaultReachesTheBootstrapPerEnvironment() {
        assertThat(options("default", Map.of()).setAsDefault()).as("off unless set").isFalse();
        Map<String, String> keys = Map.of("beep.python.set-as-default", "true", "beep.python.\"ml\".python-version", "3.12");
        assertThat(options("default", keys).setAsDefault()).isTrue();
        assertThat(options("ml", keys).setAsDefault()).as("the default environment's key is its own").isFalse();
        assertThat(options("ml", Map.of("beep.python.\"ml\".set-as-default", "true")).setAsDefault()).isTrue();
    }

    @Test
    void devIdeIsAutoUnlessTurnedOnOrOff() {
        assertThat(RunTimeConfigAtBuild.of(Map.of()).devIde()).isEqualTo(DevIde.AUTO);
        assertThat(RunTimeConfigAtBuild.of(Map.of("beep.python.dev.ide", "off")).devIde()).isEqualTo(DevIde.OFF);
        assertThat(RunTimeConfigAtBuild.of(Map.of("beep.python.dev.ide", "on")).devIde()).isEqualTo(DevIde.ON);
        assertThat(new EnvironmentNames().namedIn(List.of("beep.python.dev.ide"))).as("not an environment called dev").isEmpty();
    }

    @Test
    void seedPackagesIsBundledLatestOrRequirementsAndAnythingElseIsRefusedNamingTheKey() {
        assertThat(options("default", Map.of()).seedRequirements()).as("bundled").isEmpty();
        assertThat(options("default", Map.of("beep.python.seed-packages", "latest")).seedRequirements()).containsExactly("pip", "setuptools",
                "wheel");
        assertThat(options("ml", Map.of("beep.python.\"ml\".seed-packages", "pip>=25,setuptools")).seedRequirements())
                .containsExactly("pip>=25", "setuptools");
        assertThatThrownBy(() -> options("default", Map.of("beep.python.seed-packages", "latest,pip")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("beep.python.seed-packages=latest,pip");
        assertThatThrownBy(() -> options("ml", Map.of("beep.python.\"ml\".seed-packages", "pip>>1")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("beep.python.\"ml\".seed-packages=pip>>1");
    }
}
