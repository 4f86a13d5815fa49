package io.beep.python.quarkus.management;

import io.beep.python.Secrets;
import io.beep.python.packages.PackageProfile;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One package profile ({@code package-requirements.json}), as {@code /q/python/profiles} and the
 * Dev UI show it.
 *
 * @param name               the profile's name, e.g. {@code web}
 * @param description        what it is for
 * @param requirements       its PEP 508 requirements (masked)
 * @param acceleratorIndexes an extra package index per accelerator (masked), usually empty
 */
@JsonPropertyOrder({"name", "description", "requirements", "acceleratorIndexes"})
public record ProfileView(String name, String description, List<String> requirements, Map<String, String> acceleratorIndexes) {

    public static ProfileView of(PackageProfile profile) {
        Map<String, String> indexes = new TreeMap<>();
        profile.acceleratorIndexes().forEach((accelerator, url) -> indexes.put(accelerator, Secrets.mask(url)));
        return new ProfileView(profile.name(), profile.description(), profile.requirements().stream().map(Secrets::mask).toList(), indexes);
    }
}
