package io.beep.python.packages;

import io.beep.python.Secrets;
import io.beep.python.packages.pep508.ParsedRequirement;
import io.beep.python.packages.pep508.Version;
import io.beep.python.packages.pep508.VersionSpecifier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds requirements on the same project that no version can satisfy together, e.g.
 * {@code numpy==1.26.4} from a profile and {@code numpy>=2} from the packages, before an installer
 * spends minutes discovering it. Conservative: it reports only what is certainly unsatisfiable
 * (different exact pins, a pin outside another's range, an empty range); requirements with
 * markers are left to the installer, as they may apply to different environments.
 */
final class PinConflicts {

    /** A requirement and where it came from ({@code profile 'web'}, {@code packages}). */
    record Sourced(Requirement requirement, String origin) {
    }

    private PinConflicts() {
    }

    static void check(List<Sourced> requirements) {
        Map<String, List<Sourced>> byName = new LinkedHashMap<>();
        for (Sourced s : requirements) {
            ParsedRequirement parsed = s.requirement().parsed();
            if (parsed.marker().isEmpty()) {
                byName.computeIfAbsent(s.requirement().name(), k -> new ArrayList<>()).add(s);
            }
        }
        byName.values().forEach(PinConflicts::checkOne);
    }

    private static void checkOne(List<Sourced> group) {
        for (int i = 0; i < group.size(); i++) {
            for (int j = i + 1; j < group.size(); j++) {
                Sourced a = group.get(i);
                Sourced b = group.get(j);
                conflict(a.requirement().parsed(), b.requirement().parsed()).ifPresent(why -> {
                    throw new PackagesException(PackagesException.Reason.INVALID_REQUIREMENT, a.requirement() + ", " + b.requirement(),
                            "Conflicting requirements for '" + a.requirement().name() + "': '" + a.requirement() + "' (" + a.origin()
                                    + ") and '" + b.requirement() + "' (" + b.origin() + ") " + why
                                    + ". Remove or relax one of them.");
                });
            }
        }
    }

    /** Why {@code a} and {@code b} cannot both hold, or empty when they may. */
    static Optional<String> conflict(ParsedRequirement a, ParsedRequirement b) {
        if (a.url().isPresent() && b.url().isPresent() && !a.url().get().equals(b.url().get())) {
            return Optional.of("name two different URLs");
        }
        Optional<String> pinA = exactPin(a);
        Optional<String> pinB = exactPin(b);
        if (pinA.isPresent() && pinB.isPresent()) {
            boolean same = Version.tryParse(pinA.get()).flatMap(x -> Version.tryParse(pinB.get()).map(x::equals))
                    .orElse(pinA.get().equalsIgnoreCase(pinB.get()));
            return same ? Optional.empty() : Optional.of("pin different versions");
        }
        if (pinA.isPresent() && !b.admits(pinA.get())) {
            return Optional.of("cannot both hold: " + pinA.get() + " is outside " + Secrets.mask(b.specifiers().toString()));
        }
        if (pinB.isPresent() && !a.admits(pinB.get())) {
            return Optional.of("cannot both hold: " + pinB.get() + " is outside " + Secrets.mask(a.specifiers().toString()));
        }
        return emptyRange(a, b) ? Optional.of("leave no version between them") : Optional.empty();
    }

    private static Optional<String> exactPin(ParsedRequirement r) {
        return r.specifiers().stream().filter(VersionSpecifier::isExactPin).map(VersionSpecifier::version).findFirst();
    }

    /** True when the combined lower bound lies above the combined upper bound. */
    private static boolean emptyRange(ParsedRequirement a, ParsedRequirement b) {
        Version lower = null;
        boolean lowerInclusive = true;
        Version upper = null;
        boolean upperInclusive = true;
        List<VersionSpecifier> all = new ArrayList<>(a.specifiers());
        all.addAll(b.specifiers());
        for (VersionSpecifier s : all) {
            if (s.isWildcard() || s.operator().equals("===") || s.operator().equals("!=") || s.operator().equals("==")) {
                continue;
            }
            Version v = Version.parse(s.version());
            switch (s.operator()) {
                case ">=", ">", "~=" -> {
                    boolean inclusive = !s.operator().equals(">");
                    int c = lower == null ? 1 : v.compareTo(lower);
                    if (c > 0 || (c == 0 && !inclusive)) {
                        lower = v;
                        lowerInclusive = inclusive;
                    }
                    if (s.operator().equals("~=")) {
                        Version prefix = VersionSpecifier.compatiblePrefix(v);
                        List<Long> bumped = new ArrayList<>(prefix.release());
                        bumped.set(bumped.size() - 1, bumped.get(bumped.size() - 1) + 1);
                        Version cap = Version.parse((v.epoch() == 0 ? "" : v.epoch() + "!")
                                + String.join(".", bumped.stream().map(String::valueOf).toList()) + ".dev0");
                        if (upper == null || cap.compareTo(upper) < 0) {
                            upper = cap;
                            upperInclusive = false;
                        }
                    }
                }
                case "<=", "<" -> {
                    boolean inclusive = s.operator().equals("<=");
                    int c = upper == null ? -1 : v.compareTo(upper);
                    if (c < 0 || (c == 0 && !inclusive)) {
                        upper = v;
                        upperInclusive = inclusive;
                    }
                }
                default -> {
                }
            }
        }
        if (lower == null || upper == null) {
            return false;
        }
        int c = lower.compareTo(upper);
        return c > 0 || (c == 0 && !(lowerInclusive && upperInclusive));
    }
}
