package io.beep.python.deployment;

import io.beep.python.quarkus.ApplicationPythonSources;
import io.quarkus.builder.item.SimpleBuildItem;

import java.util.List;

/**
 * The application's own Python code ({@code src/main/python}), for the workers' {@code sys.path}:
 * in dev mode and tests the source directory itself (so an edit is seen by the next workers), in a
 * packaged application the files carried as classpath resources under
 * {@link ApplicationPythonSources#RESOURCE_ROOT}, with
 * a digest of their contents that names where they are unpacked.
 */
public final class ApplicationPythonBuildItem extends SimpleBuildItem {

    private final String sourceDirectory;
    private final List<String> resources;
    private final String digest;
    private final boolean watch;

    ApplicationPythonBuildItem(String sourceDirectory, List<String> resources, String digest, boolean watch) {
        this.sourceDirectory = sourceDirectory;
        this.resources = List.copyOf(resources);
        this.digest = digest;
        this.watch = watch;
    }

    /** Dev mode: the source directory is watched and a change replaces the workers. */
    public boolean watch() {
        return watch;
    }

    /** The absolute source directory to use as it is, or null for a packaged application. */
    public String sourceDirectory() {
        return sourceDirectory;
    }

    /** Relative paths of the packaged files under the resource root; empty when there are none. */
    public List<String> resources() {
        return resources;
    }

    public String digest() {
        return digest;
    }
}
