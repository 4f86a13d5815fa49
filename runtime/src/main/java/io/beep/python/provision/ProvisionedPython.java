package io.beep.python.provision;

import io.beep.python.registry.ProbeResult;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A managed interpreter ready under {@code ${home}/embedded/<impl>-<version>-<platform>}.
 *
 * @param executable  its python executable
 * @param installDir  the installation directory
 * @param version     full version, e.g. {@code 3.13.5}
 * @param platform    e.g. {@code linux-x86_64}
 * @param downloaded  true when this call downloaded or extracted anything (false on a cache hit)
 * @param description what the interpreter said of itself when it was verified, at its final place: a registry can
 *                    record it without starting it again; empty on a cache hit
 */
public record ProvisionedPython(Path executable, Path installDir, String version, String platform, boolean downloaded,
        Optional<ProbeResult> description) {
}
