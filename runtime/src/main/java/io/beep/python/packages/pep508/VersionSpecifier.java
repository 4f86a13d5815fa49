package io.beep.python.packages.pep508;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One PEP 440 version clause such as {@code >=2.31}, {@code ==1.*} or {@code ~=3.1}.
 *
 * @param operator one of {@code ~= == != <= >= < > ===}
 * @param version  the version text as written (with {@code .*} for prefix matches)
 */
public record VersionSpecifier(String operator, String version) {

    static final List<String> OPERATORS = List.of("===", "~=", "==", "!=", "<=", ">=", "<", ">");

    /** The reason {@code operator version} is not a valid clause, or empty when it is. */
    static Optional<String> problem(String operator, String version) {
        if (operator.equals("===")) {
            return version.isBlank() ? Optional.of("'===' needs a version") : Optional.empty();
        }
        boolean wildcard = version.endsWith(".*");
        String bare = wildcard ? version.substring(0, version.length() - 2) : version;
        if (wildcard && !(operator.equals("==") || operator.equals("!="))) {
            return Optional.of("'.*' is only allowed with == and !=");
        }
        Optional<Version> parsed = Version.tryParse(bare);
        if (parsed.isEmpty()) {
            return Optional.of("'" + version + "' is not a PEP 440 version");
        }
        Version v = parsed.get();
        if (wildcard && v.local() != null) {
            return Optional.of("a prefix match cannot have a local version");
        }
        if (v.local() != null && !(operator.equals("==") || operator.equals("!="))) {
            return Optional.of("a local version label is only allowed with == and !=");
        }
        if (operator.equals("~=") && v.release().size() < 2) {
            return Optional.of("'~=' needs at least two release segments, e.g. ~=1.4");
        }
        return Optional.empty();
    }

    public boolean isWildcard() {
        return version.endsWith(".*");
    }

    /** True when this clause pins one exact version ({@code ==1.2.3} or {@code ===1.2.3}). */
    public boolean isExactPin() {
        return operator.equals("===") || (operator.equals("==") && !isWildcard());
    }

    /**
     * Whether {@code candidate} satisfies this clause. Pre-releases count (an installed pre-release
     * satisfies {@code >=1.0a1} and also plain {@code >=0.9}, as pip treats installed distributions).
     */
    public boolean contains(Version candidate) {
        if (operator.equals("===")) {
            return candidate.text().equalsIgnoreCase(version.strip());
        }
        if (isWildcard()) {
            boolean matches = prefixMatches(candidate.publicVersion(), Version.parse(version.substring(0, version.length() - 2)));
            return operator.equals("==") == matches;
        }
        Version spec = Version.parse(version);
        return switch (operator) {
            case "==" -> equalsClause(candidate, spec);
            case "!=" -> !equalsClause(candidate, spec);
            case "<=" -> candidate.publicVersion().compareTo(spec) <= 0;
            case ">=" -> candidate.publicVersion().compareTo(spec) >= 0;
            case "<" -> candidate.publicVersion().compareTo(spec) < 0
                    && (spec.isPreRelease() || !candidate.isPreRelease() || !candidate.baseVersion().equals(spec.baseVersion()));
            case ">" -> candidate.publicVersion().compareTo(spec) > 0
                    && (spec.isPostRelease() || !candidate.isPostRelease() || !candidate.baseVersion().equals(spec.baseVersion()))
                    && !(candidate.local() != null && candidate.publicVersion().equals(spec));
            case "~=" -> candidate.publicVersion().compareTo(spec) >= 0 && prefixMatches(candidate.publicVersion(), compatiblePrefix(spec));
            default -> throw new IllegalStateException("operator " + operator);
        };
    }

    /** The upper-bound prefix of {@code ~=V}: V's release without its last segment ({@code ~=2.2.1} → {@code 2.2}). */
    public static Version compatiblePrefix(Version spec) {
        List<Long> release = spec.release().subList(0, spec.release().size() - 1);
        StringBuilder text = new StringBuilder(spec.epoch() == 0 ? "" : spec.epoch() + "!");
        for (int i = 0; i < release.size(); i++) {
            text.append(i == 0 ? "" : ".").append(release.get(i));
        }
        return Version.parse(text.toString());
    }

    private static boolean equalsClause(Version candidate, Version spec) {
        return spec.local() == null ? candidate.publicVersion().equals(spec) : candidate.equals(spec);
    }

    /** {@code ==1.2.*}: the candidate's release starts with 1.2 (zero-padded), in the same epoch, with matching pre/post/dev when given. */
    private static boolean prefixMatches(Version candidate, Version prefix) {
        if (candidate.epoch() != prefix.epoch()) {
            return false;
        }
        List<Long> want = prefix.release();
        for (int i = 0; i < want.size(); i++) {
            long have = i < candidate.release().size() ? candidate.release().get(i) : 0;
            if (have != want.get(i)) {
                return false;
            }
        }
        if (prefix.preLabel() != null || prefix.post() != Version.NONE || prefix.dev() != Version.NONE) {
            // A prefix with a suffix (==1.0a1.*) is rare; compare the normalized suffix texts.
            String c = candidate.normalized().toLowerCase(Locale.ROOT);
            return c.substring(c.indexOf(prefix.releaseText()) + prefix.releaseText().length())
                    .startsWith(prefix.normalized().substring(prefix.normalized().indexOf(prefix.releaseText()) + prefix.releaseText().length()));
        }
        return true;
    }

    @Override
    public String toString() {
        return operator + version;
    }
}
