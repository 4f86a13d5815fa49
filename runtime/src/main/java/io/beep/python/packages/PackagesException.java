package io.beep.python.packages;

import io.beep.python.PythonException;

/** Requirements, profiles, lock files or an installer failed; the environment is left as it was unless the message says otherwise. */
public class PackagesException extends PythonException {

    /** What went wrong, for callers that act on it (the Quarkus layer names the configuration key to change). */
    public enum Reason {
        /** A requirement string that is not PEP 508, or requirements that conflict. */
        INVALID_REQUIREMENT,
        /** A profile name that no profile has. */
        UNKNOWN_PROFILE,
        /** A profile (or the profiles file) that cannot be read, written or understood. */
        INVALID_PROFILE,
        /** A profile name given by the caller with characters other than letters, digits, '.', '_', '-', or too long. */
        INVALID_PROFILE_NAME,
        /** An accelerator name other than auto, cpu, cuda, rocm. */
        UNKNOWN_ACCELERATOR,
        /** A requirements file or lock file that is missing, unreadable or malformed. */
        REQUIREMENTS_FILE,
        /** uv cannot be found, fetched or verified. */
        UV_UNAVAILABLE,
        /** The home directory refused a working directory or a file. */
        HOME_UNWRITABLE,
        /** The installer failed; see InstallFailedException. */
        INSTALL_FAILED
    }

    private final Reason reason;

    public PackagesException(Reason reason, String input, String message) {
        this(reason, input, message, null);
    }

    public PackagesException(Reason reason, String input, String message, Throwable cause) {
        super(input, message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
