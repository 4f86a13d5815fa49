package io.beep.python.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beep.python.BootstrapStage;
import io.beep.python.bootstrap.BootstrapProgress;
import io.beep.python.bootstrap.PythonEnvironmentFailed;
import io.beep.python.bootstrap.PythonEnvironmentReady;
import io.beep.python.testing.MachinePython;
import io.beep.python.testing.TestHomes;
import io.quarkus.test.QuarkusUnitTest;

import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

class EnvironmentEventsTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClass(Observer.class))
            .overrideConfigKey("beep.python.home", TestHomes.create("events"))
            .overrideConfigKey("beep.python.interpreter", MachinePython.find().toString())
            .overrideConfigKey("beep.python.broken.interpreter", "/nonexistent/bin/python3");

    @Singleton
    public static class Observer {
        final List<BootstrapStage> stages = new CopyOnWriteArrayList<>();
        final List<String> ready = new CopyOnWriteArrayList<>();
        final List<String> failed = new CopyOnWriteArrayList<>();

        void progress(@Observes BootstrapProgress progress) {
            if (progress.environment().equals("default")) {
                stages.add(progress.stage());
            }
        }

        void ready(@Observes PythonEnvironmentReady event) {
            ready.add(event.environment() + " " + event.result().pythonVersion());
        }

        void failed(@Observes PythonEnvironmentFailed event) {
            failed.add(event.environment() + ": " + event.error().getMessage());
        }
    }

    @Inject
    Observer observer;

    @Test
    void applicationsObserveProgressReadinessAndFailure() {
        await().atMost(Duration.ofMinutes(2)).until(() -> !observer.ready.isEmpty() && !observer.failed.isEmpty());

        assertThat(observer.ready).singleElement().asString().startsWith("default 3.");
        assertThat(observer.failed).singleElement().asString().startsWith("broken: ").contains("/nonexistent/bin/python3");
        assertThat(observer.stages).contains(BootstrapStage.INITIALIZING, BootstrapStage.CREATING_VIRTUAL_ENV, BootstrapStage.COMPLETE);
        // One event per stage: byte progress of downloads is status data, not a stream of events.
        assertThat(observer.stages).doesNotHaveDuplicates();
    }
}
