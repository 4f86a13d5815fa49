package io.beep.python.deployment;

import io.beep.python.quarkus.BeepPythonConfig;
import io.beep.python.quarkus.EnvironmentConfig;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.kubernetes.spi.DecoratorBuildItem;

import java.time.Duration;

/**
 * With {@code quarkus-kubernetes}: the generated readiness and startup probes already point at
 * SmallRye Health's {@code /q/health/ready} and {@code /q/health/started}, where the
 * {@code python:NAME} checks live; this gives the startup probe an allowance that covers the
 * longest {@code beep.python.timeout} of the application's environments.
 */
@BuildSteps(onlyIf = BeepPythonProcessor.Enabled.class)
class KubernetesProcessor {

    @BuildStep
    void startupProbeAllowance(PythonEnvironmentNamesBuildItem names, BuildProducer<DecoratorBuildItem> decorators) {
        // Quarkus runs this step only when something consumes decorators, i.e. quarkus-kubernetes is in the build.
        if (!dekoratePresent()) {
            return;
        }
        BeepPythonConfig config = RunTimeConfigAtBuild.read();
        Duration longest = Duration.ZERO;
        for (String name : names.names()) {
            EnvironmentConfig environment = config.environments().get(name);
            if (environment != null && environment.timeout().compareTo(longest) > 0) {
                longest = environment.timeout();
            }
        }
        decorators.produce(new DecoratorBuildItem(new StartupProbeAllowance(longest)));
    }

    private static boolean dekoratePresent() {
        try {
            Class.forName("io.dekorate.kubernetes.decorator.ApplicationContainerDecorator", false, KubernetesProcessor.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
