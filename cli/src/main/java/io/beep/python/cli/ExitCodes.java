package io.beep.python.cli;

import io.beep.python.PythonBootstrapException;
import io.beep.python.PythonException;
import io.beep.python.packages.PackagesException;
import io.beep.python.provision.ProvisioningException;
import io.beep.python.registry.RegistryException;

/**
 * The documented exit codes (docs/cli.md), few on purpose, so that a script can branch on them.
 */
final class ExitCodes {

    /** Done. */
    static final int OK = 0;
    /** Failed: the message says what and what to do; also doctor with a failed check. */
    static final int FAILURE = 1;
    /** Bad usage: an unknown option, a missing argument, an invalid version, requirement string or profile name. */
    static final int USAGE = 2;
    /** What was named does not exist: a profile, a Python version no source has, a path that is no venv. */
    static final int NOT_FOUND = 3;
    /** The network failed: a download or an index or repository that cannot be reached. */
    static final int NETWORK = 4;

    private ExitCodes() {
    }

    /** The exit code for a core error, by the reason its room gave. */
    static int of(Throwable error) {
        if (error instanceof PythonBootstrapException bootstrap) {
            if (bootstrap.reason() == PythonBootstrapException.Reason.NO_INTERPRETER) {
                return NOT_FOUND;
            }
            return bootstrap.componentError().map(ExitCodes::of).orElse(FAILURE);
        }
        if (error instanceof ProvisioningException p) {
            return switch (p.reason()) {
                case INVALID_REQUEST, MISSING_CHECKSUM, INSECURE_URL -> USAGE;
                case NO_DISTRIBUTION, NOT_IN_MAVEN -> NOT_FOUND;
                case DOWNLOAD_FAILED -> NETWORK;
                default -> FAILURE;
            };
        }
        if (error instanceof RegistryException r) {
            return switch (r.reason()) {
                case INVALID_VERSION_REQUEST -> USAGE;
                case UNKNOWN_RUNTIME, NOT_AN_INTERPRETER, NO_MATCH -> NOT_FOUND;
                default -> FAILURE;
            };
        }
        if (error instanceof PackagesException p) {
            return switch (p.reason()) {
                case INVALID_REQUIREMENT, INVALID_PROFILE_NAME, UNKNOWN_ACCELERATOR -> USAGE;
                case UNKNOWN_PROFILE -> NOT_FOUND;
                default -> FAILURE;
            };
        }
        if (error instanceof LockCommand.NotAVenv) {
            return NOT_FOUND;
        }
        if (error instanceof IllegalArgumentException) {
            return USAGE; // an unknown enum name (installer, source) reaches us this way
        }
        if (error instanceof PythonException) {
            return FAILURE;
        }
        return FAILURE;
    }
}
