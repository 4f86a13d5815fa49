package io.beep.python.deployment;

import io.beep.python.quarkus.BeepPythonConfig;
import io.beep.python.quarkus.EnvironmentConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.WithName;

import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the named environments in configuration keys: {@code beep.python.NAME.KEY} or
 * {@code beep.python."NAME".KEY}, where KEY is a key of {@link EnvironmentConfig}. The keys are
 * read from the mapping itself, so a key added there is recognised here without a second list.
 */
final class EnvironmentNames {

    static final String PREFIX = "beep.python.";

    private final Set<String> environmentKeys;

    EnvironmentNames() {
        this.environmentKeys = topLevelKeys(EnvironmentConfig.class);
    }

    /** Named environments used by {@code propertyNames}; {@code default} as a name is an error. */
    Set<String> namedIn(Iterable<String> propertyNames) {
        Set<String> names = new TreeSet<>();
        for (String property : propertyNames) {
            if (!property.startsWith(PREFIX)) {
                continue;
            }
            String rest = property.substring(PREFIX.length());
            String name;
            String key;
            if (rest.startsWith("\"")) {
                int close = rest.indexOf('"', 1);
                if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != '.') {
                    continue;
                }
                name = rest.substring(1, close);
                key = rest.substring(close + 2);
            } else {
                int dot = rest.indexOf('.');
                if (dot < 0) {
                    continue;
                }
                name = rest.substring(0, dot);
                key = rest.substring(dot + 1);
            }
            String firstSegment = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
            // "venv.path" and "distribution.source" belong to the unnamed environment, not to environments called venv or distribution.
            if (environmentKeys.contains(firstSegment) && !environmentKeys.contains(name)) {
                if (BeepPythonConfig.DEFAULT_ENVIRONMENT.equals(name)) {
                    throw new ConfigurationException("'" + property + "': 'default' is the name of the unnamed environment;"
                            + " configure it directly under beep.python. or choose another name", Set.of(property));
                }
                names.add(name);
            }
        }
        return names;
    }

    static Set<String> all(Set<String> named) {
        Set<String> all = new LinkedHashSet<>(List.of(BeepPythonConfig.DEFAULT_ENVIRONMENT));
        all.addAll(named);
        return all;
    }

    private static Set<String> topLevelKeys(Class<?> group) {
        Set<String> keys = new TreeSet<>();
        for (Method method : group.getDeclaredMethods()) {
            if (method.getParameterCount() > 0 || method.isDefault() || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            WithName withName = method.getAnnotation(WithName.class);
            keys.add(withName != null ? withName.value().split("\\.")[0] : kebab(method.getName()));
        }
        return keys;
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
