package io.beep.python.packages;

import java.util.List;

/**
 * A named set of requirements, e.g. {@code web} = flask, requests, beautifulsoup4.
 *
 * @param name         the profile's name
 * @param description  what it is for
 * @param requirements PEP 508 requirement strings
 */
public record PackageProfile(String name, String description, List<String> requirements) {

    public PackageProfile {
        requirements = List.copyOf(requirements);
    }
}
