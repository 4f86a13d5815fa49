package io.beep.python.provision;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * What interpreter to provision and from where.
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
}
