package io.beep.python.bootstrap;

import io.beep.python.BootstrapStage;
import io.beep.python.EnvironmentStatus;
import io.beep.python.PythonBootstrapException;
import io.beep.python.Secrets;
import io.beep.python.process.Durations;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * What a managed environment reports when its bootstrap thread gives no result: it threw past the run's
 * own handling, or it is still busy after the time limit. The run's limit works by cancelling, which stops
 * processes and waits but not code that never looks at the cancellation (a stage stuck computing, a
 * listener that blocks); the environment then reports FAILED with the time limit anyway, instead of its
 * stage forever, and that thread's later progress is ignored.
 */
final class UnfinishedBootstrap {

    private static final Duration LEAST_GRACE = Duration.ofSeconds(2);
    private static final Duration MOST_GRACE = Duration.ofSeconds(30);

    private UnfinishedBootstrap() {
    }

    /**
     * How long the environment waits for its bootstrap thread: the time limit, then a grace of a quarter of it
     * (2 to 30 s) in which a run stopped by its limit removes what it made and reports the limit itself.
     */
    static Duration patience(BootstrapOptions options) {
        Duration grace = options.timeout().dividedBy(4);
        grace = grace.compareTo(LEAST_GRACE) < 0 ? LEAST_GRACE : grace.compareTo(MOST_GRACE) > 0 ? MOST_GRACE : grace;
        return options.timeout().plus(grace);
    }

    /** The bootstrap thread is still busy well after the time limit. */
    static BootstrapResult.Failed stillBusy(BootstrapOptions options, EnvironmentStatus status, FailureHints hints) {
        String message = "Bootstrap of '" + options.environmentName() + "' did not finish within " + Durations.human(options.timeout())
                + "; it is still at " + status.stage() + " (" + status.message() + ") and did not stop at its time limit";
        PythonBootstrapException failure = hints.failure(options.environmentName(), status.stage(), PythonBootstrapException.Reason.TIMED_OUT,
                options.timeout().toString(), message);
        return new BootstrapResult.Failed(options.environmentName(), Optional.empty(), failure, Map.of(), List.of());
    }

    /** The bootstrap thread threw (an Error escaping a listener, say): FAILED with what it threw, not a wait forever. */
    static BootstrapResult.Failed threw(BootstrapOptions options, EnvironmentStatus status, Throwable thrown) {
        Throwable cause = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
        BootstrapStage stage = status.stage().isTerminal() ? BootstrapStage.INITIALIZING : status.stage();
        PythonBootstrapException failure = new PythonBootstrapException(stage, null, "Unexpected failure during " + stage + ": "
                + Secrets.mask(cause.toString()), cause);
        return new BootstrapResult.Failed(options.environmentName(), Optional.empty(), failure, Map.of(), List.of());
    }
}
