package io.beep.python.quarkus;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Starts the environments when the application starts (background ones on the bootstrap pool,
 * blocking ones awaited so that a failure fails startup) and cancels them at shutdown.
 */
@Singleton
public class PythonStartup {

    void onStart(@Observes StartupEvent event, PythonEnvironments environments) {
        environments.start();
    }

    void onStop(@Observes ShutdownEvent event, PythonEnvironments environments) {
        environments.stop();
    }
}
