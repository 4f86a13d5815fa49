package io.beep.python.packages.pep508;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of a PEP 508 requirement.
 *
 * @param name       the project name as written
 * @param extras     requested extras as written
 * @param specifiers version clauses, all of which must hold
 * @param url        the direct reference after {@code @}, if any
 * @param markerText the environment marker after {@code ;}, if any
 * @param marker     the parsed marker
 */
public record ParsedRequirement(String name, List<String> extras, List<VersionSpecifier> specifiers, Optional<String> url,
        Optional<String> markerText, Optional<Marker> marker) {

    public ParsedRequirement {
        extras = List.copyOf(extras);
        specifiers = List.copyOf(specifiers);
    }

    /** Whether {@code version} satisfies every clause; a version that is not PEP 440 satisfies only {@code ===}. */
    public boolean admits(String version) {
        Optional<Version> parsed = Version.tryParse(version);
        for (VersionSpecifier specifier : specifiers) {
            if (parsed.isEmpty()) {
                if (!(specifier.operator().equals("===") && specifier.version().equalsIgnoreCase(version))) {
                    return false;
                }
            } else if (!specifier.contains(parsed.get())) {
                return false;
            }
        }
        return true;
    }

    /** Whether this requirement applies in {@code environment}: true without a marker, empty when the marker cannot be decided. */
    public Optional<Boolean> appliesIn(Map<String, String> environment) {
        return marker.map(m -> m.evaluate(environment)).orElse(Optional.of(true));
    }
}
