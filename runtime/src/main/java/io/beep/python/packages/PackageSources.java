package io.beep.python.packages;

import java.util.List;
import java.util.Optional;

/**
 * Where packages come from. Unset values leave pip's own configuration (pip.conf, {@code PIP_*}) in force.
 *
 * @param indexUrl       replaces the default index
 * @param extraIndexUrls additional indexes
 * @param findLinks      local directories or URLs of archives
 * @param offline        never touch the network ({@code --no-index})
 */
public record PackageSources(Optional<String> indexUrl, List<String> extraIndexUrls, List<String> findLinks, boolean offline) {

    public PackageSources {
        extraIndexUrls = List.copyOf(extraIndexUrls);
        findLinks = List.copyOf(findLinks);
    }

    public static PackageSources defaults() {
        return new PackageSources(Optional.empty(), List.of(), List.of(), false);
    }
}
