package io.beep.python.provision;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * What interpreter to provision and from where: the provisioning room's request, built by the
 * bootstrap ({@code BootstrapOptions.distribution()}) and by programs calling the provisioner.
 *
 * @param versionRequest    {@code 3}, {@code 3.13} or {@code 3.13.5}: the newest known matching version is chosen
 * @param source            the distribution source
 * @param mavenRepositories remote Maven repositories to try, in order, after the local one ({@code source=maven})
 * @param mirror            base URL replacing the upstream python-build-standalone release URL
 * @param url               the archive URL ({@code source=url})
 * @param sha256            the archive's SHA-256 ({@code source=url}, required there)
 * @param allowInsecureHttp allow plain HTTP to non-loopback hosts
 */
public record ProvisionRequest(String versionRequest, DistributionSource source, List<URI> mavenRepositories,
        Optional<URI> mirror, Optional<URI> url, Optional<String> sha256, boolean allowInsecureHttp) {

    public ProvisionRequest {
        mavenRepositories = List.copyOf(mavenRepositories);
    }

    /** {@code source=maven}: the local Maven repository, then {@code repositories} in order. */
    public static ProvisionRequest maven(String versionRequest, List<URI> repositories) {
        return new ProvisionRequest(versionRequest, DistributionSource.MAVEN, repositories, Optional.empty(), Optional.empty(),
                Optional.empty(), false);
    }

    /** {@code source=python-build-standalone}, from the upstream release URL or {@code mirror}. */
    public static ProvisionRequest pythonBuildStandalone(String versionRequest, Optional<URI> mirror) {
        return new ProvisionRequest(versionRequest, DistributionSource.PYTHON_BUILD_STANDALONE, List.of(), mirror, Optional.empty(),
                Optional.empty(), false);
    }

    /** {@code source=url}: one archive and its SHA-256. */
    public static ProvisionRequest url(String versionRequest, URI url, String sha256) {
        return new ProvisionRequest(versionRequest, DistributionSource.URL, List.of(), Optional.empty(), Optional.of(url),
                Optional.ofNullable(sha256), false);
    }

    /** This request for another version, from the same source. */
    public ProvisionRequest forVersion(String version) {
        return new ProvisionRequest(version, source, mavenRepositories, mirror, url, sha256, allowInsecureHttp);
    }

    /** This request with plain HTTP allowed to hosts other than loopback ({@code beep.python.allow-insecure-http}). */
    public ProvisionRequest withInsecureHttpAllowed(boolean allowed) {
        return new ProvisionRequest(versionRequest, source, mavenRepositories, mirror, url, sha256, allowed);
    }
}
