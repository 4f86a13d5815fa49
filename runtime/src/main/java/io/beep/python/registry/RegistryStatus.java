package io.beep.python.registry;

import java.util.Optional;

/**
 * The registry's own state, beside each interpreter's: what the management endpoint and the Dev UI show.
 * {@link PythonRuntimeStatus#NOT_INITIALIZED} until the first discovery finishes, {@link PythonRuntimeStatus#UPDATING}
 * while a newer patch of a managed interpreter is provisioned and checked in the background,
 * {@link PythonRuntimeStatus#ERROR} when discovery or the last update failed (with the reason), else
 * {@link PythonRuntimeStatus#READY}.
 *
 * @param status  one of the four statuses
 * @param reason  why it is in ERROR, or what is being updated while UPDATING
 * @param runtime the id of the interpreter being updated (UPDATING) or whose update failed (ERROR after an update)
 */
public record RegistryStatus(PythonRuntimeStatus status, Optional<String> reason, Optional<String> runtime) {

    static final RegistryStatus NOT_INITIALIZED = new RegistryStatus(PythonRuntimeStatus.NOT_INITIALIZED, Optional.empty(), Optional.empty());
    static final RegistryStatus READY = new RegistryStatus(PythonRuntimeStatus.READY, Optional.empty(), Optional.empty());

    static RegistryStatus error(String reason, String runtime) {
        return new RegistryStatus(PythonRuntimeStatus.ERROR, Optional.of(reason), Optional.ofNullable(runtime));
    }
}
