package io.beep.python.packages;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One distribution installed in an environment, as its {@code .dist-info} describes it.
 *
 * @param name         the normalized project name
 * @param version      the version from {@code METADATA}
 * @param requiresDist the {@code Requires-Dist} lines
 * @param directUrl    the URL from {@code direct_url.json} when it was installed from one
 * @param distInfo     the {@code .dist-info} directory
 */
record InstalledDistribution(String name, String version, List<String> requiresDist, Optional<String> directUrl, Path distInfo) {

    InstalledDistribution {
        requiresDist = List.copyOf(requiresDist);
    }
}
