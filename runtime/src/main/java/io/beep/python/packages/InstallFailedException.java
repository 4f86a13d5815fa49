package io.beep.python.packages;

/**
 * An install that failed ({@code INSTALL_FAILED}). It names the requested
 * requirements (credentials masked) and says whether the environment was rolled back to its
 * state before the install, which it is unless restoring the snapshot itself failed.
 */
public final class InstallFailedException extends PackagesException {

    private final String installer;
    private final boolean rolledBack;

    InstallFailedException(String requirements, String installer, boolean rolledBack, String message, Throwable cause) {
        super(Reason.INSTALL_FAILED, requirements, message, cause);
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
