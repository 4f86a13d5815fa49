package io.beep.python.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.quarkus.BeepPythonConfig;

import org.junit.jupiter.api.Test;

/**
 * Baking and the Kubernetes manifests read the run-time keys at build time through a mapping of
 * their own: every type a key has needs its converter there too. A MemorySize key without one
 * failed every baked build ("No Converter registered for class ...MemorySize").
 */
class RunTimeConfigAtBuildTest {

    @Test
    void theRunTimeMappingBuildsWithEveryKeyTypeAndItsDefaults() {
        BeepPythonConfig config = RunTimeConfigAtBuild.read();

        var workers = config.environments().get(BeepPythonConfig.DEFAULT_ENVIRONMENT).workers();
        assertThat(workers.maxMessageSize().asLongValue()).isEqualTo(64L * 1024 * 1024);
        assertThat(config.gcAfter()).hasDays(14);
    }
}
