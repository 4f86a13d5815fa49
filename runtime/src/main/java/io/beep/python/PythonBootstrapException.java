package io.beep.python;

import java.util.Optional;

/**
 * The root of every error this extension raises. It names the stage that failed and, where one
 * exists, the user input that caused it (a requirement string, a profile name, a path, a URL with
 * its secrets masked), so that the message tells what to fix.
 */
public class PythonBootstrapException extends RuntimeException {

    private final BootstrapStage stage;
    private final String input;

    public PythonBootstrapException(BootstrapStage stage, String input, String message) {
        this(stage, input, message, null);
    }

    public PythonBootstrapException(BootstrapStage stage, String input, String message, Throwable cause) {
        super(message, cause);
        this.stage = stage;
        this.input = input;
    }

    /** The stage at which the failure happened. */
    public BootstrapStage stage() {
        return stage;
    }

    /** The offending input, if the failure is tied to one. */
    public Optional<String> input() {
        return Optional.ofNullable(input);
    }

    /** A copy of this error attributed to {@code newStage}, for errors raised below the stage that caught them. */
    public PythonBootstrapException atStage(BootstrapStage newStage) {
        if (newStage == stage) {
            return this;
        }
        return new PythonBootstrapException(newStage, input, getMessage(), this);
    }
}
