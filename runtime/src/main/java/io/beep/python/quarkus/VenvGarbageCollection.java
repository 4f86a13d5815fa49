package io.beep.python.quarkus;

import io.beep.python.venv.VenvCollector;

import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code beep.python.gc-after}: once per application start, after the first environment is ready (never on the
 * path to readiness), removes the home's managed venvs that no live process uses and no start used for that long,
 * on a daemon thread of its own. The collection itself is the core's {@link VenvCollector}.
 */
final class VenvGarbageCollection {

    private static final Logger LOG = Logger.getLogger(VenvGarbageCollection.class);

    private final Path home;
    private final Duration after;
    private final AtomicBoolean started = new AtomicBoolean();

    VenvGarbageCollection(Path home, Duration after) {
        this.home = home;
        this.after = after;
    }

    void afterReady() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(this::collect, "beep-python-venv-gc");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    private void collect() {
        try {
            for (VenvCollector.Decision decision : new VenvCollector(home).collect(after, false)) {
                if (decision.action() == VenvCollector.Action.REMOVED) {
                    LOG.infof("Removed the virtual environment %s: %s (beep.python.gc-after=%s)", decision.venv(), decision.reason(),
                            after.toString().substring(2));
                } else {
                    LOG.debugf("Kept the virtual environment %s: %s", decision.venv(), decision.reason());
                }
            }
        } catch (RuntimeException e) {
            // Garbage only costs disk space: the application is not disturbed for it.
            LOG.warnf("Removing unused virtual environments under %s failed: %s", home, e.getMessage());
        }
    }
}
