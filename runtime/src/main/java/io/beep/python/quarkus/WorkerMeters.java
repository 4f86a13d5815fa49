package io.beep.python.quarkus;

import io.beep.python.bootstrap.ManagedPythonEnvironment;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Map;

/**
 * Publishes each environment's worker pool to Micrometer, tagged {@code environment}: calls and
 * failures (counters), queued calls and live workers (gauges), and a call-latency timer. Loaded only
 * when the application has Micrometer (decided at build time), so the core never needs it.
 */
final class WorkerMeters {

    private WorkerMeters() {
    }

    /** Binds to the application's {@link MeterRegistry} bean, when there is one. */
    static void bindToApplicationRegistry(Map<String, ManagedPythonEnvironment> environments) {
        InstanceHandle<MeterRegistry> registry = Arc.container().instance(MeterRegistry.class);
        if (registry.isAvailable()) {
            bind(registry.get(), environments);
        }
    }

    static void bind(MeterRegistry registry, Map<String, ManagedPythonEnvironment> environments) {
        environments.forEach((name, environment) -> {
            FunctionCounter.builder("beep.python.workers.calls", environment, e -> e.workers().stats().calls())
                    .tag("environment", name).description("Calls into the environment's Python workers").register(registry);
            FunctionCounter.builder("beep.python.workers.failures", environment, e -> e.workers().stats().failures())
                    .tag("environment", name).description("Worker calls that failed").register(registry);
            Gauge.builder("beep.python.workers.queued", environment, e -> e.workers().stats().queued())
                    .tag("environment", name).description("Calls waiting for a worker").register(registry);
            Gauge.builder("beep.python.workers.alive", environment, e -> e.workers().stats().alive())
                    .tag("environment", name).description("Workers running").register(registry);
            Timer timer = Timer.builder("beep.python.workers.call").tag("environment", name)
                    .description("How long a worker call takes, from submission to result").register(registry);
            environment.addCallListener(timer::record);
        });
    }
}
