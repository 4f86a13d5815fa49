package io.beep.python.packages;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Package profiles: the defaults of the design (base, data-science, machine-learning, web) and the
 * user's own, persisted in {@code ${home}/package-requirements.json}; turns profile names and
 * requirement strings into one validated requirement list.
 * <p>
 * WALKING-SKELETON VERSION: default profiles only, in memory.
 */
public final class PackageRequirementsManager {

    private final Path home;
    private final Map<String, PackageProfile> profiles = new LinkedHashMap<>();

    public PackageRequirementsManager(Path home) {
        this.home = home;
        loadProfiles();
    }

    public static List<PackageProfile> defaultProfiles() {
        return List.of(
                new PackageProfile("base", "Packaging tools", List.of("pip", "setuptools", "wheel")),
                new PackageProfile("data-science", "Numerical computing and data analysis",
                        List.of("numpy", "pandas", "matplotlib", "scipy", "scikit-learn")),
                new PackageProfile("machine-learning", "Deep learning and transformer models",
                        List.of("torch", "transformers", "safetensors", "accelerate", "tokenizers")),
                new PackageProfile("web", "HTTP clients, web apps and HTML parsing",
                        List.of("flask", "requests", "beautifulsoup4")));
    }

    public synchronized void loadProfiles() {
        profiles.clear();
        defaultProfiles().forEach(p -> profiles.put(p.name(), p));
    }

    public synchronized Map<String, PackageProfile> profiles() {
        return Map.copyOf(profiles);
    }

    public synchronized Optional<PackageProfile> profile(String name) {
        return Optional.ofNullable(profiles.get(name));
    }

    /** The requirements of {@code profileNames} followed by {@code packages}, validated; unknown profiles and bad strings are errors naming them. */
    public synchronized List<Requirement> resolve(List<String> profileNames, List<String> packages) {
        List<Requirement> result = new ArrayList<>();
        for (String name : profileNames) {
            PackageProfile profile = profiles.get(name);
            if (profile == null) {
                throw new PythonBootstrapException(BootstrapStage.LOADING_PROFILES, name,
                        "Unknown profile '" + name + "'; known: " + String.join(", ", profiles.keySet()));
            }
            profile.requirements().forEach(r -> result.add(Requirement.parse(r)));
        }
        packages.forEach(p -> result.add(Requirement.parse(p)));
        return result;
    }

    Path home() {
        return home;
    }
}
