package io.beep.python.packages;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A named set of requirements, e.g. {@code web} = flask, requests, beautifulsoup4.
 *
 * @param name               the profile's name
 * @param description        what it is for
 * @param requirements       PEP 508 requirement strings
 * @param acceleratorIndexes an extra package index per accelerator ({@code cpu}, {@code cuda}, {@code rocm}) that
 *                           serves builds for it, e.g. PyTorch's; empty for most profiles
 */
public record PackageProfile(String name, String description, List<String> requirements, Map<String, String> acceleratorIndexes) {

    public PackageProfile {
        requirements = List.copyOf(requirements);
        acceleratorIndexes = acceleratorIndexes == null ? Map.of() : Map.copyOf(new TreeMap<>(acceleratorIndexes));
        description = description == null ? "" : description;
    }

    public PackageProfile(String name, String description, List<String> requirements) {
        this(name, description, requirements, Map.of());
    }
}
