package io.beep.python.packages;

import io.beep.python.packages.pep508.ParsedRequirement;
import io.beep.python.packages.pep508.Pep508Parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code pip check} reports, found from the installed metadata without a process: an
 * installed distribution that requires a missing one, or a version outside its range.
 */
final class ConsistencyCheck {

    private ConsistencyCheck() {
    }

    static List<String> problems(Map<String, InstalledDistribution> installed, Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        for (InstalledDistribution dist : installed.values()) {
            for (String line : dist.requiresDist()) {
                ParsedRequirement dependency;
                try {
                    dependency = Pep508Parser.parse(line);
                } catch (IllegalArgumentException e) {
                    continue; // not ours to judge; pip check ignores unparsable metadata too
                }
                if (!dependency.appliesIn(environment).equals(Optional.of(true))) {
                    continue;
                }
                String name = Requirement.normalize(dependency.name());
                InstalledDistribution found = installed.get(name);
                if (found == null) {
                    problems.add(dist.name() + " " + dist.version() + " requires " + name + ", which is not installed.");
                } else if (!dependency.admits(found.version())) {
                    problems.add(dist.name() + " " + dist.version() + " has requirement " + line.replaceAll("\\s*;.*$", "")
                            + ", but you have " + name + " " + found.version() + ".");
                }
            }
        }
        return problems;
    }
}
