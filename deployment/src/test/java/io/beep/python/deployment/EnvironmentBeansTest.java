package io.beep.python.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.PythonEnv;
import io.beep.python.PythonEnvironment;
import io.beep.python.bootstrap.PythonBootstrapManager;
import io.beep.python.packages.PackageRequirementsManager;
import io.beep.python.registry.PythonRuntimeRegistry;
import io.beep.python.testing.MachinePython;
import io.beep.python.testing.TestHomes;
import io.quarkus.test.QuarkusUnitTest;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

class EnvironmentBeansTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            // A child of the fresh directory: the application itself creates its home, as on a container's first start.
            .overrideConfigKey("beep.python.home", TestHomes.create("beans") + "/home")
            .overrideConfigKey("beep.python.interpreter", MachinePython.find().toString())
            .overrideConfigKey("beep.python.aux.interpreter", MachinePython.find().toString())
            .overrideConfigKey("beep.python.aux.startup", "lazy");

    @Inject
    PythonEnvironment python;

    @Inject
    @PythonEnv("aux")
    PythonEnvironment aux;

    @Inject
    @PythonEnv("default")
    PythonEnvironment defaultByName;

    @Inject
    @Any
    Instance<PythonEnvironment> all;

    @Inject
    PythonRuntimeRegistry registry;

    @Inject
    PackageRequirementsManager profiles;

    @Inject
    PythonBootstrapManager manager;

    @Test
    void defaultAndNamedEnvironmentsAreInjectableAndDistinct() {
        assertThat(python.name()).isEqualTo("default");
        assertThat(aux.name()).isEqualTo("aux");
        assertThat(defaultByName).isSameAs(python);
        assertThat(all.stream().map(PythonEnvironment::name)).containsExactlyInAnyOrder("default", "aux");
        assertThat(all.select(PythonEnv.Literal.of("aux")).get()).isSameAs(aux);
    }

    @Test
    void defaultEnvironmentBecomesReadyInItsVenvUnderHome() {
        python.awaitReady(Duration.ofMinutes(2));
        Path venv = io.beep.python.testing.TestHomes.venv(manager.home(), "default");
        assertThat(python.location()).isEqualTo(venv);
        assertThat(python.exec("import sys; print(sys.prefix)").stdout().strip()).isEqualTo(venv.toString());
    }

    @Test
    void theHomeTheApplicationCreatesIsOwnerOnly() throws Exception {
        python.awaitReady(Duration.ofMinutes(2));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(manager.home()))).isEqualTo("rwx------");
    }

    @Test
    void lazyEnvironmentStartsOnFirstUse() {
        assertThat(aux.status().percent()).isZero();
        assertThat(aux.exec("print(6 * 7)").stdout().strip()).isEqualTo("42");
        assertThat(aux.isReady()).isTrue();
        assertThat(aux.location()).isEqualTo(io.beep.python.testing.TestHomes.venv(manager.home(), "aux"));
    }

    @Test
    void programmaticComponentsShareTheEnvironmentsHome() {
        assertThat(manager.home().getParent().getFileName().toString()).startsWith("beans-");
        assertThat(profiles.profile("web")).isPresent();
        assertThat(registry).isSameAs(manager.registry());
    }
}
