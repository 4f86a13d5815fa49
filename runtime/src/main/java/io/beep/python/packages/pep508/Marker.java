package io.beep.python.packages.pep508;

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

    record And(Marker left, Marker right) implements Marker {
        @Override
        public Optional<Boolean> evaluate(Map<String, String> environment) {
            Optional<Boolean> l = left.evaluate(environment);
            Optional<Boolean> r = right.evaluate(environment);
            if (l.equals(Optional.of(false)) || r.equals(Optional.of(false))) {
                return Optional.of(false);
            }
            return l.isPresent() && r.isPresent() ? Optional.of(true) : Optional.empty();
        }
    }

    record Or(Marker left, Marker right) implements Marker {
        @Override
        public Optional<Boolean> evaluate(Map<String, String> environment) {
            Optional<Boolean> l = left.evaluate(environment);
            Optional<Boolean> r = right.evaluate(environment);
            if (l.equals(Optional.of(true)) || r.equals(Optional.of(true))) {
                return Optional.of(true);
            }
            return l.isPresent() && r.isPresent() ? Optional.of(false) : Optional.empty();
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

        private static boolean isExtra(Value v) {
            return v.variable() && v.text().equals("extra");
        }
    }
}
