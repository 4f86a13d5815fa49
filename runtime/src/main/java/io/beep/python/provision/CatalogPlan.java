package io.beep.python.provision;

import io.beep.python.fs.Platform;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code source=maven} and {@code source=python-build-standalone}: the version is resolved against
 * the source's catalog before anything is fetched, so the interpreter's directory is known up
 * front and a version already in place costs one {@code stat}.
 */
final class CatalogPlan implements SourcePlan {

    private final ProvisionRequest request;
    private final EmbeddedDirectory embedded;
    private final PythonVersion version;
    private final Distribution distribution;
    private final String archivePrefix;
    private final Path target;

    CatalogPlan(ProvisionRequest request, DistributionCatalog catalog, EmbeddedDirectory embedded) {
        this.request = request;
        this.embedded = embedded;
        this.version = resolve(request, catalog, embedded.platform());
        this.distribution = catalog.find(version, embedded.platform()).orElseThrow();
        this.archivePrefix = catalog.interpreterPrefix(embedded.platform());
        this.target = embedded.target(version);
    }

    @Override
    public String name() {
        return target.getFileName().toString();
    }

    @Override
    public String input() {
        return request.versionRequest();
    }

    @Override
    public String subject() {
        return "Python " + request.versionRequest() + " into " + target;
    }

    @Override
    public Distribution distribution() {
        return distribution;
    }

    @Override
    public String archivePrefix() {
        return archivePrefix;
    }

    @Override
    public Optional<ProvisionedPython> installed() {
        return embedded.isInstalled(target) ? Optional.of(embedded.provisioned(target, version)) : Optional.empty();
    }

    @Override
    public Path target(PythonVersion unpacked) throws IOException {
        if (!unpacked.equals(version)) {
            throw new IOException("it contains Python " + unpacked + ", not " + version);
        }
        return target;
    }

    private static PythonVersion resolve(ProvisionRequest request, DistributionCatalog catalog, Platform platform) {
        String requested = request.versionRequest();
        VersionRequest wanted = VersionRequest.parse(requested).orElseThrow(() -> new ProvisioningException(
                ProvisioningException.Reason.INVALID_REQUEST, requested, "Invalid Python version '" + requested
                        + "'; write it as 3, 3.13 or 3.13.5"));
        List<PythonVersion> known = catalog.versions(platform);
        return wanted.newestMatch(known).orElseThrow(() -> new ProvisioningException(ProvisioningException.Reason.NO_DISTRIBUTION,
                requested, "Python " + requested + " is not available from distribution source '" + request.source().configName()
                        + "' for " + platform.name() + "; available: " + (known.isEmpty() ? "none" : String.join(", ",
                        known.stream().map(PythonVersion::toString).toList()))
                        + (known.isEmpty() ? ". Choose another distribution source" : "")));
    }
}
