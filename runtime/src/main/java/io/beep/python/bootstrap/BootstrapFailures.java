package io.beep.python.bootstrap;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;
import io.beep.python.PythonException;
import io.beep.python.PythonProcessException;
import io.beep.python.Secrets;
import io.beep.python.packages.InstallFailedException;
import io.beep.python.process.CancelledException;
import io.beep.python.process.Cancellation;
import io.beep.python.process.Durations;

/**
 * What a failure of one bootstrap becomes: the rooms' errors carry no stage and name no
 * configuration key, so each gets here the stage the run was in and the hint of the layer that
 * owns the configuration. A stop by the run's time limit is reported as the time limit.
 */
final class BootstrapFailures {

    private final BootstrapOptions options;
    private final StageTracker tracker;
    private final FailureHints hints;
    private final Cancellation cancellation;
    private final long deadline;

    BootstrapFailures(BootstrapOptions options, StageTracker tracker, FailureHints hints, Cancellation cancellation, long deadline) {
        this.options = options;
        this.tracker = tracker;
        this.hints = hints;
        this.cancellation = cancellation;
        this.deadline = deadline;
    }

    PythonBootstrapException timedOut() {
        return timedOut(null, "");
    }

    /** {@code stopped}: what the time limit's cancellation interrupted (a wait, a process), kept as the cause. */
    private PythonBootstrapException timedOut(RuntimeException stopped, String during) {
        String message = "Bootstrap of '" + options.environmentName() + "' did not finish within " + Durations.human(options.timeout())
                + "; it stopped during " + tracker.stage() + during;
        return withHint(new PythonBootstrapException(tracker.stage(), PythonBootstrapException.Reason.TIMED_OUT,
                options.timeout().toString(), message, stopped));
    }

    /** Keeps each failure's message and input, with the stage the bootstrap was in. */
    PythonBootstrapException asBootstrapFailure(Throwable e) {
        BootstrapStage stage = tracker.stage();
        boolean timeLimitPassed = cancellation.isCancelled() && System.nanoTime() > deadline;
        if (e instanceof CancelledException cancelled) {
            if (timeLimitPassed) {
                return timedOut(cancelled, cancelled.during().map(d -> " while " + d).orElse(""));
            }
            return new PythonBootstrapException(stage, null, "Cancelled during " + stage
                    + cancelled.during().map(d -> " while " + d).orElse("") + ": " + cancelled.reason(), cancelled);
        }
        if (e instanceof PythonProcessException process && timeLimitPassed) {
            // The time limit killed it: that is the news, not the kill.
            return timedOut(process, process.input().map(program -> " while running " + program).orElse(""));
        }
        if (cancellation.isCancelled() && !timeLimitPassed && !(e instanceof PythonBootstrapException)) {
            // A process the cancellation killed fails as that process ("pip could not install ..."): the cancellation is the news.
            String rolledBack = e instanceof InstallFailedException install && install.rolledBack()
                    ? "; the install was rolled back" : "";
            return new PythonBootstrapException(stage, null, "Cancelled during " + stage + ": " + cancellation.reason() + rolledBack, e);
        }
        if (e instanceof PythonBootstrapException failure) {
            return failure;
        }
        if (e instanceof PythonException room) {
            return withHint(new PythonBootstrapException(stage, PythonBootstrapException.Reason.COMPONENT_FAILED, room.input().orElse(null),
                    room.getMessage(), room));
        }
        // An Error's message alone may be null (StackOverflowError): its class is the news.
        String what = e instanceof Error ? e.toString() : String.valueOf(e.getMessage());
        return new PythonBootstrapException(stage, null, "Unexpected failure during " + stage + ": " + Secrets.mask(what), e);
    }

    private PythonBootstrapException withHint(PythonBootstrapException failure) {
        String message = hints.explain(options.environmentName(), failure, failure.getMessage());
        return new PythonBootstrapException(failure.stage(), failure.reason(), failure.input().orElse(null), message, failure.getCause());
    }
}
