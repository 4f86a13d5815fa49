package io.beep.python.cli;

import io.beep.python.process.Cancellation;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT) and SIGTERM end the JVM through its shutdown hooks while the command's thread is still at work:
 * left alone, its pip or uv outlives the CLI and goes on writing into the venv, and the install's rollback and work
 * directory stay behind. The hook cancels the command's work through the {@link Cancellation} the core's processes
 * and downloads already stop on (they kill their process trees, the install rolls back, a venv the run began is
 * removed), then waits a bounded time for the command to finish that clean-up. The JVM then exits as the signal
 * says (130 for SIGINT, 143 for SIGTERM), so scripts still see how it ended.
 */
final class Interruption {

    /** How long a signalled command may take to stop its children and roll back before the JVM exits regardless. */
    static final Duration CLEAN_UP_LIMIT = Duration.ofSeconds(30);

    private static final Cancellation CANCELLATION = new Cancellation();
    private static final CountDownLatch FINISHED = new CountDownLatch(1);
    /** Whether the command handed the cancellation to work that can stop and clean up; others exit at once, as before. */
    private static volatile boolean armed;

    private Interruption() {
    }

    /** Registers the shutdown hook; once per process, before the command runs. */
    static void install() {
        Runtime.getRuntime().addShutdownHook(new Thread(Interruption::stop, "beep-python-signal"));
    }

    /** The cancellation every command hands to the core: fired by a signal. */
    static Cancellation cancellation() {
        armed = true;
        return CANCELLATION;
    }

    /** The command is done (its result or error printed): an exit from here on has nothing to wait for. */
    static void finished() {
        FINISHED.countDown();
    }

    private static void stop() {
        if (FINISHED.getCount() == 0 || !armed) {
            return; // the ordinary System.exit after the command, or a command with nothing to undo
        }
        CANCELLATION.cancel("beep-python was stopped by a signal");
        try {
            if (!FINISHED.await(CLEAN_UP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                System.err.println("beep-python: stopped before its clean-up finished (" + CLEAN_UP_LIMIT.toSeconds()
                        + " s); the next run removes what is left");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
