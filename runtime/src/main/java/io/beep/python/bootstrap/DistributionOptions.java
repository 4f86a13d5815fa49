package io.beep.python.bootstrap;

import io.beep.python.provision.DistributionSource;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Where a managed interpreter comes from when one must be provisioned.
 *
 * @param source            maven, python-build-standalone or url
 * @param mavenRepositories remote Maven repositories, tried in order after the local one
 * @param mirror            base URL replacing the upstream python-build-standalone release URL
 * @param url               the archive for {@code source=url}
 * @param sha256            its checksum, required with {@code url}
 * @param allowInsecureHttp allow plain HTTP to hosts other than loopback
 */
public record DistributionOptions(DistributionSource source, List<URI> mavenRepositories, Optional<URI> mirror,
        Optional<URI> url, Optional<String> sha256, boolean allowInsecureHttp) {

    public DistributionOptions {
        mavenRepositories = List.copyOf(mavenRepositories);
    }

    public static DistributionOptions defaults() {
        return new DistributionOptions(DistributionSource.MAVEN, List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                false);
    }
}
