package io.beep.python.quarkus;

import io.smallrye.config.NameIterator;

import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Settings for an environment the application does not have. The environments are fixed at build
 * time (a key in the build's configuration or an {@code @PythonEnv} injection point declares one),
 * so {@code beep.python."h1".packages=six} given only at run time configures nothing: said at WARN,
 * naming the keys, instead of a silently missing environment.
 */
final class UnusedEnvironmentSettings {

    private static final Logger LOG = Logger.getLogger(UnusedEnvironmentSettings.class);
    /** Segments before the environment name: {@code beep}, {@code python}. */
    private static final int PREFIX_SEGMENTS = 2;

    private UnusedEnvironmentSettings() {
    }

    /**
     * @param configured   the environments the run-time configuration maps ({@code beep.python.*.KEY})
     * @param environments the environments the application has
     * @param propertyNames every configuration key
     */
    static Map<String, Set<String>> find(Collection<String> configured, Collection<String> environments, Iterable<String> propertyNames) {
        Set<String> unused = new TreeSet<>(configured);
        unused.removeAll(environments);
        Map<String, Set<String>> keys = new TreeMap<>();
        if (unused.isEmpty()) {
            return keys;
        }
        for (String property : propertyNames) {
            NameIterator name = new NameIterator(property);
            if (!segment(name, "beep") || !segment(name, "python") || !name.hasNext()) {
                continue;
            }
            String environment = name.getNextSegment();
            name.next();
            // Only keys with something after the name: beep.python.home is not an environment called 'home'.
            if (unused.contains(environment) && name.hasNext()) {
                keys.computeIfAbsent(environment, e -> new TreeSet<>()).add(property);
            }
        }
        return keys;
    }

    static void warn(Collection<String> configured, Collection<String> environments, Iterable<String> propertyNames) {
        find(configured, environments, propertyNames).forEach((environment, keys) -> LOG.warnf("Beep Python: the application has no Python"
                + " environment '%s', so these settings are ignored: %s. Environments are fixed when the application is built: inject it"
                + " with @PythonEnv(\"%s\"), or set one of its keys in the build's configuration (application.properties). The"
                + " application's environments: %s", environment, String.join(", ", keys), environment, String.join(", ", environments)));
    }

    private static boolean segment(NameIterator name, String expected) {
        if (!name.hasNext() || !expected.equals(name.getNextSegment())) {
            return false;
        }
        name.next();
        return true;
    }
}
