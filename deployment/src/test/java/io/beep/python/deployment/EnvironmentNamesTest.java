package io.beep.python.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.ConfigurationException;

import org.junit.jupiter.api.Test;

import java.util.List;

/** Which environments a set of configuration keys declares. */
class EnvironmentNamesTest {

    private final EnvironmentNames names = new EnvironmentNames();

    @Test
    void namedEnvironmentsAreFoundByAnyOfTheirKeysQuotedOrNot() {
        assertThat(names.namedIn(List.of("beep.python.\"ml\".template", "beep.python.aux.offline", "beep.python.\"a.b\".packages[0]",
                "beep.python.web.venv.path", "beep.python.zeta.distribution.source"))).containsExactly("a.b", "aux", "ml", "web", "zeta");
    }

    @Test
    void theUnnamedEnvironmentsAndGlobalKeysDeclareNoName() {
        assertThat(names.namedIn(List.of("beep.python.venv.path", "beep.python.distribution.url", "beep.python.health.enabled",
                "beep.python.enabled", "beep.python.home", "beep.python.packages[1]", "beep.python.template", "quarkus.http.port",
                "beep.python.ml.no-such-key", "%dev.beep.python.devonly.template"))).isEmpty();
    }

    @Test
    void defaultAsANamedEnvironmentIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> names.namedIn(List.of("beep.python.\"default\".python-version")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("beep.python.\"default\".python-version").hasMessageContaining("unnamed environment");
    }

    @Test
    void theRecordedOrderIsDefaultFirstThenSortedWhateverTheInputOrder() {
        assertThat(new PythonEnvironmentNamesBuildItem(List.of("zeta", "ml", "default", "aux")).names())
                .containsExactly("default", "aux", "ml", "zeta");
        assertThat(new PythonEnvironmentNamesBuildItem(List.of("aux", "zeta", "ml")).names())
                .containsExactly("default", "aux", "ml", "zeta");
    }
}
