package io.beep.python.packages;

import io.beep.python.packages.pep508.ParsedRequirement;
import io.beep.python.packages.pep508.Pep508Parser;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides from the installed metadata alone whether requirements are already met: the project is
 * installed at an admitted version (from the same URL for direct references), and so, recursively,
 * is everything it and its requested extras depend on. Anything it cannot decide (an unknown
 * marker, unreadable metadata) counts as unmet, so the installer runs: a wrong "satisfied" would
 * skip a needed install, a wrong "unmet" only costs one installer run.
 */
final class Satisfaction {

    private Satisfaction() {
    }

    /** Why each unmet requirement is unmet, in order; empty when everything is satisfied. */
    static List<String> unmet(List<Requirement> requirements, Map<String, InstalledDistribution> installed, Map<String, String> environment) {
        List<String> reasons = new ArrayList<>();
        for (Requirement requirement : requirements) {
            unmet(requirement.parsed(), installed, environment).ifPresent(why -> reasons.add(requirement + ": " + why));
        }
        return reasons;
    }

    private static Optional<String> unmet(ParsedRequirement top, Map<String, InstalledDistribution> installed, Map<String, String> environment) {
        Deque<ParsedRequirement> work = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        work.add(top);
        while (!work.isEmpty()) {
            ParsedRequirement r = work.poll();
            String name = Requirement.normalize(r.name());
            if (!seen.add(name + r.extras() + r.specifiers() + r.url())) {
                continue;
            }
            InstalledDistribution dist = installed.get(name);
            if (dist == null) {
                return Optional.of(name + " is not installed");
            }
            if (r.url().isPresent() && !r.url().equals(dist.directUrl())) {
                return Optional.of(name + " is installed, but not from " + r.url().get());
            }
            if (!r.admits(dist.version())) {
                return Optional.of(name + " " + dist.version() + " is installed, " + r.specifiers() + " wanted");
            }
            List<String> extras = r.extras().stream().map(Requirement::normalize).toList();
            for (String line : dist.requiresDist()) {
                ParsedRequirement dependency;
                try {
                    dependency = Pep508Parser.parse(line);
                } catch (IllegalArgumentException e) {
                    return Optional.of(name + " has unreadable metadata (" + line + ")");
                }
                Optional<Boolean> applies = appliesWithExtras(dependency, environment, extras);
                if (applies.isEmpty()) {
                    return Optional.of("cannot evaluate the marker of " + line + " without Python");
                }
                if (applies.get()) {
                    work.add(dependency);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether a dependency applies: its marker holds with no extra or with one of the requested extras. */
    static Optional<Boolean> appliesWithExtras(ParsedRequirement dependency, Map<String, String> environment, List<String> extras) {
        Optional<Boolean> base = dependency.appliesIn(environment);
        if (base.equals(Optional.of(true)) || dependency.marker().isEmpty()) {
            return base;
        }
        boolean undecided = base.isEmpty();
        for (String extra : extras) {
            Map<String, String> withExtra = new HashMap<>(environment);
            withExtra.put("extra", extra);
            Optional<Boolean> applies = dependency.appliesIn(withExtra);
            if (applies.equals(Optional.of(true))) {
                return applies;
            }
            undecided |= applies.isEmpty();
        }
        return undecided ? Optional.empty() : Optional.of(false);
    }
}
