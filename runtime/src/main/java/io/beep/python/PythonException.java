package io.beep.python;

import java.util.Optional;

/**
 * The root of every error this extension raises. It names, where one exists, the user input that
 * caused it (a requirement string, a profile name, a path, a URL with its secrets masked), so that
 * the message tells what to fix. Each room raises its own subtype with a reason
 * ({@code ProvisioningException}, {@code RegistryException}, {@code VenvException},
 * {@code PackagesException}, the process room's errors); the bootstrap wraps them in a
 * {@link PythonBootstrapException} that adds the stage.
 */
public class PythonException extends RuntimeException {

    private final String input;

    public PythonException(String input, String message) {
        this(input, message, null);
    }

    public PythonException(String input, String message, Throwable cause) {
        super(message, cause);
        this.input = input;
    }

    /** The offending input, if the failure is tied to one. */
    public Optional<String> input() {
        return Optional.ofNullable(input);
    }
}
