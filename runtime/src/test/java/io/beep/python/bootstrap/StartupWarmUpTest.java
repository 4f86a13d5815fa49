package io.beep.python.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

class StartupWarmUpTest {

    @Test
    void theWarmUpRunsOnADaemonThreadAndFinishesCleanly() throws InterruptedException {
        AtomicReference<Throwable> uncaught = new AtomicReference<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.set(e));
        try {
            Thread warmUp = StartupWarmUp.startInBackground();
            assertThat(warmUp.isDaemon()).as("never holds the JVM open").isTrue();
            warmUp.join(30_000);
            assertThat(warmUp.isAlive()).isFalse();
            assertThat(uncaught.get()).isNull();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }
}
