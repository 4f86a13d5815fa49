package io.beep.python.bootstrap;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;
import io.beep.python.registry.PythonRuntimeInfo;

import java.util.Optional;

/**
 * Which interpreter a bootstrap uses: the explicit one, or the registry's by {@link RuntimeMode}
 * and version. Empty means a managed one is to be provisioned.
 */
final class RuntimeChoice {

    private RuntimeChoice() {
    }

    static Optional<PythonRuntimeInfo> chooseInterpreter(Rooms rooms, BootstrapOptions options) {
        if (options.interpreter().isPresent()) {
            return Optional.of(rooms.registry().interrogate(options.interpreter().get()));
        }
        return switch (options.runtime()) {
            case EMBEDDED -> Optional.empty();
            case AUTO -> rooms.registry().find(options.pythonVersion());
            case SYSTEM -> Optional.of(rooms.registry().find(options.pythonVersion()).orElseThrow(() -> rooms.hints.failure(
                    options.environmentName(), BootstrapStage.CHECKING_RUNTIME, PythonBootstrapException.Reason.NO_INTERPRETER,
                    options.pythonVersion(), rooms.registry().explainMiss(options.pythonVersion())
                            + " (the system runtime never provisions; the auto runtime would)")));
        };
    }
}
