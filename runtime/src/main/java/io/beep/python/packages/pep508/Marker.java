package io.beep.python.packages.pep508;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A PEP 508 environment marker ({@code python_version >= "3.9" and sys_platform == "linux"}), as a
 * small expression tree. Evaluation is three-valued: a marker that names a variable the
 * environment does not know yields empty ("cannot tell"), so callers can err on the safe side.
 */
public sealed interface Marker {

    /** The variables PEP 508 defines, plus {@code extras} and {@code dependency_groups} from PEP 751. */
    Set<String> VARIABLES = Set.of("python_version", "python_full_version", "os_name", "sys_platform", "platform_release",
            "platform_system", "platform_version", "platform_machine", "platform_python_implementation", "implementation_name",
            "implementation_version", "extra", "extras", "dependency_groups");

    Optional<Boolean> evaluate(Map<String, String> environment);

    /**
     * All of {@code terms}. A chain {@code a and b and c ...} is one node, not a nesting per term, so that its
     * evaluation loops instead of recursing once per term (a long hostile chain would overflow the stack).
     */
    record And(List<Marker> terms) implements Marker {
        @Override
        public Optional<Boolean> evaluate(Map<String, String> environment) {
            boolean known = true;
            boolean isFalse = false;
            for (Marker term : terms) {
                Optional<Boolean> value = term.evaluate(environment);
                isFalse |= value.equals(Optional.of(false));
                known &= value.isPresent();
            }
            return isFalse ? Optional.of(false) : known ? Optional.of(true) : Optional.empty();
        }
    }

    /** Any of {@code terms}; one node per chain, as {@link And}. */
    record Or(List<Marker> terms) implements Marker {
        @Override
        public Optional<Boolean> evaluate(Map<String, String> environment) {
            boolean known = true;
            boolean isTrue = false;
            for (Marker term : terms) {
                Optional<Boolean> value = term.evaluate(environment);
                isTrue |= value.equals(Optional.of(true));
                known &= value.isPresent();
            }
            return isTrue ? Optional.of(true) : known ? Optional.of(false) : Optional.empty();
        }
    }

    /** A side of a comparison: an environment variable or a quoted string. */
    record Value(boolean variable, String text) {
        Optional<String> resolve(Map<String, String> environment) {
            return variable ? Optional.ofNullable(environment.get(text)) : Optional.of(text);
        }
    }

    record Compare(Value left, String operator, Value right) implements Marker {
        @Override
        public Optional<Boolean> evaluate(Map<String, String> environment) {
            Optional<String> l = left.resolve(environment);
            Optional<String> r = right.resolve(environment);
            if (l.isEmpty() || r.isEmpty()) {
                return Optional.empty();
            }
            String a = l.get();
            String b = r.get();
            if (isExtra(left) || isExtra(right)) {
                // Extra names compare normalized (PEP 685).
                a = Pep508Parser.normalizeName(a);
                b = Pep508Parser.normalizeName(b);
            }
            if ((operator.equals("in") || operator.equals("not in")) && isSet(right)) {
                // PEP 751: extras and dependency_groups are sets of names (given here comma-separated), not strings to search.
                boolean member = java.util.Arrays.stream(b.split(",")).map(Pep508Parser::normalizeName)
                        .anyMatch(Pep508Parser.normalizeName(a)::equals);
                return Optional.of(operator.equals("in") == member);
            }
            switch (operator) {
                case "in":
                    return Optional.of(b.contains(a));
                case "not in":
                    return Optional.of(!b.contains(a));
                default:
                    break;
            }
            Optional<Version> av = Version.tryParse(a);
            boolean specifierValid = VersionSpecifier.problem(operator, b).isEmpty();
            if (av.isPresent() && specifierValid) {
                return Optional.of(new VersionSpecifier(operator, b).contains(av.get()));
            }
            return switch (operator) {
                case "==", "===" -> Optional.of(a.equals(b));
                case "!=" -> Optional.of(!a.equals(b));
                default -> Optional.empty(); // an ordering of non-versions is undefined
            };
        }

        private static boolean isSet(Value v) {
            return v.variable() && (v.text().equals("extras") || v.text().equals("dependency_groups"));
        }

        private static boolean isExtra(Value v) {
            return v.variable() && v.text().equals("extra");
        }
    }
}
