package io.beep.python.quarkus;

import io.beep.python.bootstrap.PythonBootstrapManager;
import io.beep.python.bootstrap.RuntimeUpdates;
import io.beep.python.process.Cancellation;
import io.beep.python.provision.DownloadListener;
import io.beep.python.provision.ProvisionRequest;
import io.beep.python.registry.PythonRuntimeInfo;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code beep.python.runtime-updates=patch}: once an environment is ready (never on the path to readiness), looks for a
 * newer patch of its interpreter on a daemon thread of its own, at most once per {@code runtime-update-interval} for
 * the home; the core's {@link RuntimeUpdates} does the work and keeps the interpreter in use when the newer one fails.
 */
final class RuntimeUpdateSchedule {

    private static final Logger LOG = Logger.getLogger(RuntimeUpdateSchedule.class);

    private final PythonBootstrapManager manager;
    private final Duration interval;
    /** Each interpreter is looked at once per application start, however many environments share it. */
    private final Set<String> started = ConcurrentHashMap.newKeySet();

    RuntimeUpdateSchedule(PythonBootstrapManager manager, Duration interval) {
        this.manager = manager;
        this.interval = interval;
    }

    void afterReady(PythonRuntimeInfo runtime, ProvisionRequest source) {
        if (!RuntimeUpdates.updatable(runtime) || !started.add(runtime.id())) {
            return;
        }
        Thread thread = new Thread(() -> update(runtime, source), "beep-python-runtime-update");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    private void update(PythonRuntimeInfo runtime, ProvisionRequest source) {
        try {
            new RuntimeUpdates(manager.home(), manager.provisioner(), manager.registry())
                    .updateIfDue(source, runtime, interval, DownloadListener.none(), Cancellation.none())
                    .ifPresent(result -> {
                        if (result.failure().isPresent()) {
                            LOG.warnf("%s (beep.python.runtime-updates=patch)", result.reason());
                        } else if (result.updated()) {
                            LOG.infof("%s (beep.python.runtime-updates=patch)", result.reason());
                        }
                    });
        } catch (RuntimeException e) {
            // An update is an extra: the application keeps running on the interpreter it has.
            LOG.warnf("Looking for a newer patch of Python %s failed: %s", runtime.version(), e.getMessage());
        }
    }
}
