package io.beep.python.bootstrap;

import java.util.List;
import java.util.Optional;

/**
 * The environment baked into the application at build time for these inputs, if any. One baked
 * for other inputs (the run-time configuration changed the packages or the version) or one whose
 * file cannot be used (damaged, empty, another schema) is not used: the bootstrap then runs as if
 * nothing was baked, which needs provisioning and a package index, and says why at WARN, in the
 * result's warnings and in a failure that follows (an offline pod's failure would otherwise never
 * mention the baked file). A file naming paths outside the baked directory is refused outright.
 */
final class BakedChoice {

    private static final System.Logger LOG = System.getLogger(PythonBootstrapManager.class.getName());

    /** What was chosen, and why a baked environment is not used where one was looked for. */
    record Choice(Optional<BakedEnvironment> baked, Optional<String> notUsed) {
    }

    private BakedChoice() {
    }

    /** {@code warnings}: the run's, which gets why a baked environment is not used. */
    static Choice bakedEnvironment(BootstrapOptions options, StageTracker tracker, List<String> warnings) {
        if (options.bakedRoot().isEmpty() || !options.createVirtualEnvironment() || options.interpreter().isPresent()
                || options.runtime() == RuntimeMode.SYSTEM) {
            return new Choice(Optional.empty(), Optional.empty());
        }
        Optional<BakedEnvironment> baked;
        try {
            baked = BakedEnvironment.read(options.bakedRoot().get(), options.environmentName());
        } catch (IllegalStateException e) {
            return notUsed(options, tracker, warnings, e.getMessage());
        }
        if (baked.isPresent() && !baked.get().fingerprint().equals(BakedEnvironment.fingerprint(options))) {
            return notUsed(options, tracker, warnings, "The environment baked at build time ("
                    + options.bakedRoot().get().resolve(options.environmentName()).resolve(BakedEnvironment.FILE_NAME)
                    + ") was made for other packages or another Python version than the run-time configuration asks for");
        }
        return new Choice(baked, Optional.empty());
    }

    private static Choice notUsed(BootstrapOptions options, StageTracker tracker, List<String> warnings, String why) {
        String warning = why + "; bootstrapping it at run time instead, which needs provisioning and a package index";
        warnings.add(warning);
        tracker.note(warning);
        LOG.log(System.Logger.Level.WARNING, "Python environment '" + options.environmentName() + "': " + warning);
        return new Choice(Optional.empty(), Optional.of(warning));
    }
}
