package io.beep.python.quarkus;

import io.beep.python.BootstrapStage;
import io.beep.python.bootstrap.BootstrapResult;
import io.beep.python.bootstrap.CallObserver;
import io.beep.python.bootstrap.ManagedPythonEnvironment;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes each environment to Micrometer, tagged {@code environment}: its bootstraps and their stages, its package
 * installs and downloads (from the core's progress events and outcomes), and its workers (a call timer tagged with the
 * callable and the {@link CallOutcome}, and the pool's gauges). The call timer's count is the number of calls, so there
 * is no separate calls or failures counter. Loaded only when the application has Micrometer and
 * {@code beep.python.metrics.enabled} is true (decided at build time), so the core never needs it. The names and tags
 * are listed in docs/observability.md.
 */
final class PythonMeters {

    private PythonMeters() {
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
            Gauge.builder("beep.python.workers.queued", environment, e -> e.workers().stats().queued())
                    .tag("environment", name).description("Calls waiting for a worker").register(registry);
            Gauge.builder("beep.python.workers.alive", environment, e -> e.workers().stats().alive())
                    .tag("environment", name).description("Workers running").register(registry);
            environment.addCallObserver(calls(registry));
            Counter downloaded = Counter.builder("beep.python.downloaded").baseUnit("bytes").tag("environment", name)
                    .description("Bytes downloaded while provisioning the environment's interpreter").register(registry);
            AtomicLong seen = new AtomicLong();
            environment.addListener(progress -> {
                // bytesDone grows within one download; each bootstrap's provisioning starts again from 0.
                long done = progress.stage() == BootstrapStage.PROVISIONING_PYTHON ? progress.bytesDone() : 0;
                long before = seen.getAndSet(done);
                if (done > before) {
                    downloaded.increment(done - before);
                }
            });
            String installer = environment.options().installer().name().toLowerCase(Locale.ROOT);
            environment.addOutcomeListener(result -> bootstrapped(registry, name, installer, result));
        });
    }

    private static CallObserver calls(MeterRegistry registry) {
        return (environment, callable) -> (failure, took) -> Timer.builder("beep.python.workers.call")
                .tag("environment", environment).tag("callable", callable).tag("outcome", CallOutcome.of(failure).name())
                .description("How long a worker call takes, from submission to result")
                .register(registry).record(took);
    }

    /** The bootstrap, each stage that ran, and the install stage again as an install, from the outcome's stage durations. */
    private static void bootstrapped(MeterRegistry registry, String environment, String installer, BootstrapResult result) {
        BootstrapStage failed = result instanceof BootstrapResult.Failed f ? f.error().stage() : null;
        Duration total = Duration.ZERO;
        for (Map.Entry<BootstrapStage, Duration> stage : result.stageDurations().entrySet()) {
            String outcome = stage.getKey() == failed ? "FAILURE" : "SUCCESS";
            Timer.builder("beep.python.bootstrap.stage").tag("environment", environment).tag("stage", stage.getKey().name())
                    .tag("outcome", outcome).description("How long one stage of a bootstrap took").register(registry)
                    .record(stage.getValue());
            if (stage.getKey() == BootstrapStage.INSTALLING_PACKAGES) {
                Timer.builder("beep.python.installs").tag("environment", environment).tag("installer", installer).tag("outcome", outcome)
                        .description("How long installing the environment's packages took").register(registry).record(stage.getValue());
            }
            total = total.plus(stage.getValue());
        }
        Timer.builder("beep.python.bootstrap").tag("environment", environment).tag("outcome", failed == null ? "SUCCESS" : "FAILURE")
                .description("How long a bootstrap took, all its stages").register(registry).record(total);
    }
}
