package io.beep.python;

import java.util.Optional;

/**
 * A bootstrap that failed: the stage at which it stopped, the input at fault and a message that
 * says what to do. Raised by the bootstrap (and by the environment's methods, which wait for it);
 * its cause is the room's own error when one failed, with that room's reason.
 */
public class PythonBootstrapException extends PythonException {

    /** Why a bootstrap failed when no room's error says it: the bootstrap's own decisions. */
    public enum Reason {
        /** A component (provisioning, registry, venv, packages, processes) failed: see {@link #componentError()}. */
        COMPONENT_FAILED,
        /** The bootstrap ran out of its time limit. */
        TIMED_OUT,
        /** No interpreter matched and the runtime mode forbids provisioning one. */
        NO_INTERPRETER,
        /** Packages were requested for an interpreter that is externally managed (PEP 668) and no venv is made. */
        EXTERNALLY_MANAGED,
        /** The venv path holds something that is not a virtual environment. */
        VENV_PATH_OCCUPIED,
        /** A ready environment broke (interpreter or venv gone) and is not rebuilt automatically. */
        BROKEN_NOT_REPAIRED,
        /** Anything else: a bug or an unexpected condition. */
        UNEXPECTED
    }

    private final BootstrapStage stage;
    private final Reason reason;

    public PythonBootstrapException(BootstrapStage stage, String input, String message) {
        this(stage, Reason.UNEXPECTED, input, message, null);
    }

    public PythonBootstrapException(BootstrapStage stage, String input, String message, Throwable cause) {
        this(stage, cause instanceof PythonException ? Reason.COMPONENT_FAILED : Reason.UNEXPECTED, input, message, cause);
    }

    public PythonBootstrapException(BootstrapStage stage, Reason reason, String input, String message, Throwable cause) {
        super(input, message, cause);
        this.stage = stage;
        this.reason = reason;
    }

    /** The stage at which the failure happened. */
    public BootstrapStage stage() {
        return stage;
    }

    public Reason reason() {
        return reason;
    }

    /**
     * The component's error behind this failure (a {@code ProvisioningException}, {@code RegistryException},
     * {@code VenvException}, {@code PackagesException}, ... with its own reason), when a component failed.
     */
    public Optional<PythonException> componentError() {
        return getCause() instanceof PythonException component && !(component instanceof PythonBootstrapException) ? Optional.of(component)
                : Optional.empty();
    }
}
