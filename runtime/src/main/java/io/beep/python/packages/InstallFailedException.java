package io.beep.python.packages;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;

/**
 * An install that failed at {@link BootstrapStage#INSTALLING_PACKAGES}. It names the requested
 * requirements (credentials masked) and says whether the environment was rolled back to its
 * state before the install, which it is unless restoring the snapshot itself failed.
 */
public final class InstallFailedException extends PythonBootstrapException {

    private final String installer;
    private final boolean rolledBack;

    InstallFailedException(String requirements, String installer, boolean rolledBack, String message, Throwable cause) {
        super(BootstrapStage.INSTALLING_PACKAGES, requirements, message, cause);
        this.installer = installer;
        this.rolledBack = rolledBack;
    }

    /** {@code pip} or {@code uv}. */
    public String installer() {
        return installer;
    }

    /** True when the environment is exactly as it was before the install. */
    public boolean rolledBack() {
        return rolledBack;
    }
}
