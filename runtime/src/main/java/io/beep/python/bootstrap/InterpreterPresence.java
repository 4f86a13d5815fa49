package io.beep.python.bootstrap;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The monitor's check of a ready environment, with file stats only: is its python (the venv's link
 * and the base interpreter behind it) still there, and if not, what the failure says, which
 * depends on whether {@link BootstrapOptions#autoRepair()} rebuilds it.
 */
final class InterpreterPresence {

    private InterpreterPresence() {
    }

    /** The failure of {@code done} whose python disappeared; empty while it is still there. */
    static Optional<PythonBootstrapException> lost(BootstrapResult.Ready done, BootstrapOptions options, FailureHints hints) {
        Path python = done.interpreter();
        if (Files.isExecutable(python)) {
            return Optional.empty();
        }
        String name = options.environmentName();
        String what = Files.exists(python, LinkOption.NOFOLLOW_LINKS) ? "the base interpreter behind " + python : python.toString();
        return Optional.of(options.autoRepair()
                ? new PythonBootstrapException(BootstrapStage.VERIFYING, python.toString(),
                        "Python environment '" + name + "' lost " + what + "; rebuilding it")
                : hints.failure(name, BootstrapStage.VERIFYING, PythonBootstrapException.Reason.BROKEN_NOT_REPAIRED,
                        python.toString(), "Python environment '" + name + "' lost " + what
                                + "; restart the application, or enable auto-repair to rebuild it automatically"));
    }
}
