package io.beep.python.deployment;

import io.beep.python.quarkus.BeepPythonBuildTimeConfig;
import io.beep.python.quarkus.BeepPythonConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.ConfigMappings.ConfigClass;
import io.smallrye.config.NameIterator;
import io.smallrye.config.PropertyName;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the named environments in configuration keys, with SmallRye Config's own machinery: the
 * property paths come from the mappings ({@code beep.python.*.template} for a named environment,
 * {@code beep.python.template} for the unnamed one) and a key is matched against them with
 * {@link PropertyName}, which knows quoting ({@code beep.python."ml".template}) and indexes.
 * <p>
 * Why not the mapping's map itself ({@code environments().keySet()}, as the datasource extensions
 * do)? Beans are fixed at build time, so the names must be known there, but almost every
 * environment key is a run-time key: a build-time map would not see {@code beep.python.ml.template},
 * and the run-time mapping is not built at build time.
 */
final class EnvironmentNames {

    /** Segments before the environment name: {@code beep}, {@code python}. */
    private static final int PREFIX_SEGMENTS = 2;

    private final List<PropertyName> namedPaths = new ArrayList<>();
    private final List<PropertyName> unnamedPaths = new ArrayList<>();

    EnvironmentNames() {
        for (Class<?> root : List.of(BeepPythonConfig.class, BeepPythonBuildTimeConfig.class)) {
            for (String path : ConfigMappings.getProperties(ConfigClass.configClass(root)).keySet()) {
                (isNamedPath(path) ? namedPaths : unnamedPaths).add(new PropertyName(path));
            }
        }
    }

    /** Named environments used by {@code propertyNames}, sorted; {@code default} as a name is an error naming the key. */
    Set<String> namedIn(Iterable<String> propertyNames) {
        Set<String> names = new TreeSet<>();
        for (String property : propertyNames) {
            PropertyName name = new PropertyName(property);
            // "beep.python.venv.path" is the unnamed environment's key, not key "path" of an environment called venv.
            if (unnamedPaths.contains(name) || !namedPaths.contains(name)) {
                continue;
            }
            String environment = segment(property, PREFIX_SEGMENTS);
            if (BeepPythonConfig.DEFAULT_ENVIRONMENT.equals(environment)) {
                throw new ConfigurationException("'" + property + "': 'default' is the name of the unnamed environment;"
                        + " configure it directly under beep.python. or choose another name", Set.of(property));
            }
            names.add(environment);
        }
        return names;
    }

    /** True for a path of the environments map: {@code beep.python.*.KEY}. */
    private static boolean isNamedPath(String path) {
        return "*".equals(segment(path, PREFIX_SEGMENTS));
    }

    /** The {@code index}-th segment of {@code name}, unquoted. */
    private static String segment(String name, int index) {
        NameIterator iterator = new NameIterator(name);
        for (int i = 0; i < index && iterator.hasNext(); i++) {
            iterator.next();
        }
        return iterator.hasNext() ? iterator.getNextSegment() : "";
    }
}
