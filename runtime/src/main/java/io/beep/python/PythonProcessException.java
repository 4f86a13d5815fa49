package io.beep.python;

import java.util.List;

/**
 * A Python or installer process that failed, timed out or could not start. It belongs to no
 * bootstrap stage: a process fails the same way at every stage and after the environment is ready.
 * When it fails a bootstrap, the bootstrap reports it as a {@link PythonBootstrapException} at the
 * stage it was in, with this as the cause.
 */
public class PythonProcessException extends PythonException {

    private final transient ProcessResult result;
    private final List<String> command;

    public PythonProcessException(String message, List<String> command, ProcessResult result) {
        this(message, command, result, null);
    }

    public PythonProcessException(String message, List<String> command, ProcessResult result, Throwable cause) {
        super(command.isEmpty() ? null : command.get(0), message, cause);
        this.command = List.copyOf(command);
        this.result = result;
    }

    /** The argv that ran, as given (never a shell string). */
    public List<String> command() {
        return command;
    }

    /** The captured result when the process ran to an exit code or a time-out, else null. */
    public ProcessResult result() {
        return result;
    }
}
