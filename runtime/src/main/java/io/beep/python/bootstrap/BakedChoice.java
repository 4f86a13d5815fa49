package io.beep.python.bootstrap;

import java.util.List;
import java.util.Optional;

/**
 * The environment baked into the application at build time for these inputs, if any. One baked
 * for other inputs (the run-time configuration changed the packages or the version) is not used:
 * the bootstrap then runs as if nothing was baked, and says why.
 */
final class BakedChoice {

    private BakedChoice() {
    }

    /** {@code warnings}: the run's, which gets why a baked environment is not used. */
    static Optional<BakedEnvironment> bakedEnvironment(BootstrapOptions options, StageTracker tracker, List<String> warnings) {
        if (options.bakedRoot().isEmpty() || !options.createVirtualEnvironment() || options.interpreter().isPresent()
                || options.runtime() == RuntimeMode.SYSTEM) {
            return Optional.empty();
        }
        Optional<BakedEnvironment> baked;
        try {
            baked = BakedEnvironment.read(options.bakedRoot().get(), options.environmentName());
        } catch (IllegalStateException e) {
            warnings.add(e.getMessage() + "; bootstrapping as if nothing was baked");
            tracker.note(e.getMessage());
            return Optional.empty();
        }
        if (baked.isPresent() && !baked.get().fingerprint().equals(BakedEnvironment.fingerprint(options))) {
            String why = "The environment baked at build time was made for other packages or another Python version than"
                    + " the run-time configuration asks for; bootstrapping it anew";
            warnings.add(why);
            tracker.note(why);
            return Optional.empty();
        }
        return baked;
    }
}
