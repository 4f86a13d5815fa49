package io.beep.python;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one finished process: its exit code, captured output and wall time.
 */
public record ProcessResult(int exitCode, String stdout, String stderr, Duration duration) {

    public boolean ok() {
        return exitCode == 0;
    }

    /** Returns this result when the process succeeded, else throws with its stderr, naming {@code what}. */
    public ProcessResult orThrow(String what) {
        if (!ok()) {
            throw new PythonProcessException(what + " exited with code " + exitCode + ": " + tail(stderr.isBlank() ? stdout : stderr),
                    List.of(), this);
        }
        return this;
    }

    static String tail(String text) {
        String trimmed = text.strip();
        return trimmed.length() <= 2000 ? trimmed : "..." + trimmed.substring(trimmed.length() - 2000);
    }
}
