package io.beep.python.bootstrap;

import io.beep.python.fs.HomeLayout;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The fingerprint a venv's warm-start marker must match: everything that decides what the
 * environment holds, from the options and file stats alone. The warm start must not parse
 * requirements or load the profiles (that is the cold path's work). An edited profiles file or
 * requirements file changes its stat and so the fingerprint; a project counts by the bytes of its
 * {@code pyproject.toml} and locks ({@link ProjectInputs}), so that its unpacked copy in a packaged
 * application, rewritten with new stats, still starts warm. Hashed, so that index credentials are
 * never stored.
 */
final class InputsFingerprint {

    private InputsFingerprint() {
    }

    /** With a baked environment its site-packages and description's stat count too: a rebuilt application means a new venv. */
    static String of(Path home, BootstrapOptions options, Optional<BakedEnvironment> baked) {
        return inputsFingerprint(home, options)
                + baked.map(b -> "+baked:" + InputDigest.of(b.sitePackages() + "@" + b.stat(options.bakedRoot().orElseThrow()))).orElse("");
    }

    private static String inputsFingerprint(Path home, BootstrapOptions options) {
        String text = String.join("\n", List.of(options.pythonVersion(), options.runtime().name(),
                options.interpreter().map(Path::toString).orElse(""), options.distribution().source().name(),
                options.distribution().url().map(Object::toString).orElse(""), options.distribution().sha256().orElse(""),
                String.join(",", options.effectiveProfiles()), String.join("\u0000", options.packages()), options.installer().name(),
                options.sources().toString(), options.accelerator().name(),
                options.requirementsFile().map(f -> f + "@" + EnvironmentMarker.stat(f)).orElse(""),
                options.effectiveProfiles().isEmpty() ? "" : EnvironmentMarker.stat(HomeLayout.of(home).packageRequirementsJson())));
        // Only with a project, so that the venvs of applications without one keep their fingerprints.
        String seed = options.seedRequirements().isEmpty() ? "" : "\nseed:" + String.join("\u0000", options.seedRequirements());
        return InputDigest.of((options.project().isEmpty() ? text : text + "\n" + ProjectInputs.digest(options.project())) + seed);
    }
}
