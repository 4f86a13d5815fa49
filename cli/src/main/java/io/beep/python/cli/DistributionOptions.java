package io.beep.python.cli;

import io.beep.python.provision.DistributionSource;
import io.beep.python.provision.ProvisionRequest;

import picocli.CommandLine.Option;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Where a managed interpreter comes from, as the extension's {@code beep.python.distribution.*} keys say. */
final class DistributionOptions {

    @Option(names = "--source", paramLabel = "SOURCE", defaultValue = "maven",
            description = "maven (org.bytedeco:cpython from a Maven repository, the default) or python-build-standalone.")
    String source;

    @Option(names = "--maven-repository", paramLabel = "URL", split = ",",
            description = "Maven repository (or proxy) to download from, after the local ~/.m2 (default: $BEEP_PYTHON_MAVEN_REPOSITORY,"
                    + " else the mirror of central in ~/.m2/settings.xml, else Maven Central).")
    List<URI> mavenRepositories = new ArrayList<>();

    @Option(names = "--mirror", paramLabel = "URL", description = "Base URL replacing the python-build-standalone release URL.")
    URI mirror;

    @Option(names = "--allow-insecure-http", description = "Allow plain-HTTP downloads from hosts other than loopback.")
    boolean allowInsecureHttp;

    ProvisionRequest request(String version) {
        DistributionSource chosen = DistributionSource.fromConfigName(source);
        ProvisionRequest request = switch (chosen) {
            case MAVEN -> ProvisionRequest.maven(version, mavenRepositories.isEmpty() ? MavenRepositories.defaults() : mavenRepositories);
            case PYTHON_BUILD_STANDALONE -> ProvisionRequest.pythonBuildStandalone(version, Optional.ofNullable(mirror));
            case URL -> throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--source url is for the extension's distribution.url/sha256 keys; the CLI installs from maven or python-build-standalone");
        };
        return request.withInsecureHttpAllowed(allowInsecureHttp);
    }

    List<URI> mavenRepositories() {
        return mavenRepositories.isEmpty() ? MavenRepositories.defaults() : mavenRepositories;
    }
}
