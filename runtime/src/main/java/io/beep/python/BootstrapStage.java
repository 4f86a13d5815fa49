package io.beep.python;

/**
 * The eleven stages an environment passes through on its way to ready. {@link #COMPLETE} and
 * {@link #FAILED} are terminal.
 */
public enum BootstrapStage {
    INITIALIZING,
    INITIALIZING_REGISTRY,
    LOADING_PROFILES,
    CHECKING_RUNTIME,
    PROVISIONING_PYTHON,
    REGISTERING_RUNTIME,
    CREATING_VIRTUAL_ENV,
    INSTALLING_PACKAGES,
    VERIFYING,
    COMPLETE,
    FAILED;

    public boolean isTerminal() {
        return this == COMPLETE || this == FAILED;
    }
}
