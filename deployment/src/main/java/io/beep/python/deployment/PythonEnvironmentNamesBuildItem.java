package io.beep.python.deployment;

import io.beep.python.quarkus.BeepPythonConfig;
import io.quarkus.builder.item.SimpleBuildItem;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The environments the application has: {@code default} first, then every named one sorted by
 * name, so that every build records them (and starts them) in the same order.
 */
public final class PythonEnvironmentNamesBuildItem extends SimpleBuildItem {

    private final List<String> names;

    /** @param named the named environments, in any order ({@code default} among them is ignored) */
    public PythonEnvironmentNamesBuildItem(Collection<String> named) {
        List<String> all = new ArrayList<>();
        all.add(BeepPythonConfig.DEFAULT_ENVIRONMENT);
        new TreeSet<>(named).stream().filter(name -> !BeepPythonConfig.DEFAULT_ENVIRONMENT.equals(name)).forEach(all::add);
        this.names = List.copyOf(all);
    }

    public List<String> names() {
        return names;
    }
}
