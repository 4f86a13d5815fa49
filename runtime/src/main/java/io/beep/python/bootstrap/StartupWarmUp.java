package io.beep.python.bootstrap;

import io.beep.python.fs.Digests;
import io.beep.python.registry.PythonRuntimeRegistry;

import java.time.Instant;

/**
 * The one-time costs of a new JVM that every bootstrap's first steps pay, warm or cold: the SHA-256 provider (the
 * inputs' fingerprint, lock names), the JSON streaming parser and generator (the marker, {@code runtimes.json}) and
 * java.time's ISO parser (the registry's timestamps): class loading and verification that a fresh JVM pays once.
 * An application's startup leaves a core idle for a while before its bootstrap begins: paid there, on a
 * daemon thread, they are off the path to readiness. Nothing depends on it having run or finished.
 */
final class StartupWarmUp {

    private StartupWarmUp() {
    }

    /** The thread it started, for a test to join. */
    static Thread startInBackground() {
        Thread thread = new Thread(StartupWarmUp::run, "beep-python-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
        return thread;
    }

    private static void run() {
        Digests.sha256Hex("beep-python");
        PythonRuntimeRegistry.warmUpJson();
        Instant.parse("2026-01-01T00:00:00.000000Z");
    }
}
