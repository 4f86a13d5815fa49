package io.beep.python.deployment;

import io.quarkus.builder.item.SimpleBuildItem;

import java.util.Set;

/** The environments the application has: {@code default} plus every named one. */
public final class PythonEnvironmentNamesBuildItem extends SimpleBuildItem {

    private final Set<String> names;

    public PythonEnvironmentNamesBuildItem(Set<String> names) {
        this.names = Set.copyOf(names);
    }

    public Set<String> names() {
        return names;
    }
}
