package io.beep.python;

import java.util.List;

/** A Python or installer process that failed, timed out or could not start. */
public class PythonProcessException extends PythonBootstrapException {

    private final transient ProcessResult result;
    private final List<String> command;

    public PythonProcessException(String message, List<String> command, ProcessResult result) {
        this(message, command, result, null);
    }

    public PythonProcessException(String message, List<String> command, ProcessResult result, Throwable cause) {
        super(BootstrapStage.COMPLETE, command.isEmpty() ? null : command.get(0), message, cause);
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
