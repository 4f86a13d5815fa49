package io.beep.python.deployment;

import io.dekorate.kubernetes.decorator.AddStartupProbeDecorator;
import io.dekorate.kubernetes.decorator.ApplicationContainerDecorator;
import io.dekorate.kubernetes.decorator.Decorator;
import io.fabric8.kubernetes.api.model.ContainerFluent;

import java.time.Duration;

/**
 * Stretches the generated startup probe so that Kubernetes does not kill a pod whose Python
 * environment is still bootstrapping: the probe may fail for as long as {@code beep.python.timeout}
 * allows (plus one period), after which the bootstrap has either finished or failed by itself.
 * Only raises the allowance, never lowers one that is already long enough. Loaded only when
 * {@code quarkus-kubernetes} (and so Dekorate) is in the build.
 */
final class StartupProbeAllowance extends ApplicationContainerDecorator<ContainerFluent<?>> {

    private static final int DEFAULT_PERIOD_SECONDS = 10;

    private final Duration timeout;

    StartupProbeAllowance(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void andThenVisit(ContainerFluent<?> container) {
        if (!container.hasStartupProbe()) {
            return;
        }
        var probe = container.buildStartupProbe();
        int period = probe.getPeriodSeconds() == null ? DEFAULT_PERIOD_SECONDS : probe.getPeriodSeconds();
        int threshold = probe.getFailureThreshold() == null ? 3 : probe.getFailureThreshold();
        int needed = (int) Math.ceil((double) timeout.toSeconds() / period) + 1;
        if (needed > threshold) {
            container.editStartupProbe().withFailureThreshold(needed).endStartupProbe();
        }
    }

    @Override
    public Class<? extends Decorator>[] after() {
        @SuppressWarnings("unchecked")
        Class<? extends Decorator>[] after = new Class[] { AddStartupProbeDecorator.class };
        return after;
    }
}
