package io.beep.python.packages;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

    /** pip's built-in index, asked when nothing configures another. */
    public static final String PIP_DEFAULT_INDEX_URL = "https://pypi.org/simple";

    /**
     * The index an install with these sources asks first: {@code indexUrl}, else pip's own configuration
     * ({@code PIP_INDEX_URL}, pip.conf), else pip's built-in default; empty when offline. For diagnostics
     * ({@code beep-python doctor}): may carry credentials, so mask it before showing it.
     */
    public Optional<String> effectiveIndexUrl() {
        return effectiveIndexUrl(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    Optional<String> effectiveIndexUrl(Map<String, String> env, Path userHome) {
        if (offline) {
            return Optional.empty();
        }
        return Optional.of(indexUrl.orElseGet(() -> PipConfiguration.load(env, userHome, Optional.empty()).get("index-url")
                .orElse(PIP_DEFAULT_INDEX_URL)));
    }

    /**
     * The text a record would generate, written out: the bootstrap fingerprints it on every start, and the generated
     * method's first call bootstraps {@code ObjectMethods} and {@code String.format} in a fresh JVM. The
     * text must stay as it is, or every existing venv's warm-start marker stops matching once.
     */
    @Override
    public String toString() {
        return "PackageSources[indexUrl=" + indexUrl + ", extraIndexUrls=" + extraIndexUrls + ", findLinks=" + findLinks
                + ", offline=" + offline + "]";
    }

    public static PackageSources defaults() {
        return new PackageSources(Optional.empty(), List.of(), List.of(), false);
    }
}
