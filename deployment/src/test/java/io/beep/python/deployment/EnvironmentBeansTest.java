package io.beep.python.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.PythonEnv;
import io.beep.python.PythonEnvironment;
import io.beep.python.bootstrap.PythonBootstrapManager;
import io.beep.python.packages.PackageRequirementsManager;
import io.beep.python.registry.PythonRuntimeRegistry;
import io.beep.python.testing.MachinePython;
import io.beep.python.testing.TestHomes;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ClientProxy;
import io.quarkus.arc.InjectableBean;
import io.quarkus.arc.InjectableContext;
import io.quarkus.arc.ManagedContext;
import io.quarkus.arc.Unremovable;
import io.quarkus.test.QuarkusUnitTest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

class EnvironmentBeansTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(PerRequest.class, Looker.class))
            // A child of the fresh directory: the application itself creates its home, as on a container's first start.
            .overrideConfigKey("beep.python.home", TestHomes.create("beans") + "/home")
            .overrideConfigKey("beep.python.interpreter", MachinePython.find().toString())
            .overrideConfigKey("beep.python.aux.interpreter", MachinePython.find().toString())
            .overrideConfigKey("beep.python.aux.startup", "lazy")
            .overrideConfigKey("beep.python.late.interpreter", MachinePython.find().toString())
            .overrideConfigKey("beep.python.late.startup", "lazy");

    /** A request-scoped consumer: an @ApplicationScoped environment reaches it through its client proxy. */
    @RequestScoped
    @Unremovable
    public static class PerRequest {
        @Inject
        PythonEnvironment python;

        String name() {
            return python.name();
        }
    }

    /** A dependent consumer, looking its environment up by name through Instance. */
    @Dependent
    public static class Looker {
        @Inject
        @Any
        Instance<PythonEnvironment> environments;

        PythonEnvironment named(String name) {
            return environments.select(PythonEnv.Literal.of(name)).get();
        }
    }

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
    @PythonEnv("late")
    PythonEnvironment late;

    @Inject
    Looker looker;

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
        assertThat(all.stream().map(PythonEnvironment::name)).containsExactlyInAnyOrder("default", "aux", "late");
        assertThat(all.select(PythonEnv.Literal.of("aux")).get()).isSameAs(aux);
    }

    /** The design's scope: @ApplicationScoped, so a client proxy stands in every injection point and lookup. */
    @Test
    void environmentsAreApplicationScopedBehindAClientProxyInEveryKindOfConsumer() {
        for (PythonEnvironment environment : List.of(python, aux, late, looker.named("aux"))) {
            assertThat(environment).isInstanceOf(ClientProxy.class);
        }
        InjectableBean<?> bean = ((ClientProxy) python).arc_bean();
        assertThat(bean.getScope()).isEqualTo(ApplicationScoped.class);
        assertThat(ClientProxy.unwrap(python)).isNotInstanceOf(ClientProxy.class);

        ManagedContext requests = Arc.container().requestContext();
        requests.activate();
        try {
            assertThat(Arc.container().instance(PerRequest.class).get().name()).isEqualTo("default");
        } finally {
            requests.terminate();
        }
        assertThat(looker.named("aux").name()).isEqualTo("aux");
    }

    /** A bean nothing has called yet is not made yet: the proxy makes it on the first call. */
    @Test
    void anEnvironmentBeanIsMadeOnItsFirstCall() {
        InjectableBean<?> bean = ((ClientProxy) late).arc_bean();
        InjectableContext.ContextState state = Arc.container().getActiveContext(ApplicationScoped.class).getState();
        assertThat(state.getContextualInstances()).as("not made before a call").doesNotContainKey(bean);

        assertThat(late.name()).isEqualTo("late");

        assertThat(Arc.container().getActiveContext(ApplicationScoped.class).getState().getContextualInstances()).containsKey(bean);
        assertThat(late.status().percent()).as("lazy startup: made, not bootstrapped").isZero();
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
