package io.beep.python.packages;

import io.beep.python.Secrets;
import io.beep.python.packages.pep508.ParsedRequirement;
import io.beep.python.packages.pep508.Pep508Parser;
import io.beep.python.packages.pep508.VersionSpecifier;

import java.util.List;
import java.util.Optional;

/**
 * One PEP 508 requirement, validated before any installer sees it.
 *
 * @param name the PEP 503 normalized project name ({@code Foo_Bar} becomes {@code foo-bar})
 * @param text the requirement as written (trimmed)
 */
public record Requirement(String name, String text) {

    /**
     * Parses and validates {@code text} with the PEP 508 grammar. A bad string is a
     * {@link PackagesException} ({@code INVALID_REQUIREMENT}) naming it and saying what is wrong.
     */
    public static Requirement parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        try {
            ParsedRequirement parsed = Pep508Parser.parse(trimmed);
            return new Requirement(normalize(parsed.name()), trimmed);
        } catch (Pep508Parser.Pep508Exception e) {
            String shown = shown(text);
            throw new PackagesException(PackagesException.Reason.INVALID_REQUIREMENT, shown, "Invalid requirement '" + shown + "': " + Secrets.mask(e.getMessage())
                    + ". Expected a PEP 508 requirement such as 'requests>=2.31', 'uvicorn[standard]==0.30.*' or "
                    + "'pywin32; sys_platform == \"win32\"'.");
        }
    }

    /** The requirement as an error shows it: masked, and cut short when it is too long to read (a hostile one may be megabytes). */
    private static String shown(String text) {
        String masked = Secrets.mask(text);
        return masked == null || masked.length() <= 200 ? masked
                : masked.substring(0, 200) + "... (" + masked.length() + " characters)";
    }

    /** PEP 503 name normalization. */
    public static String normalize(String name) {
        return Pep508Parser.normalizeName(name);
    }

    /** The requested extras, normalized. */
    public List<String> extras() {
        return parsed().extras().stream().map(Requirement::normalize).toList();
    }

    /** The version clauses, e.g. {@code [>=2.31, <3]}. */
    public List<VersionSpecifier> specifiers() {
        return parsed().specifiers();
    }

    /** The direct URL after {@code @}, if any. */
    public Optional<String> url() {
        return parsed().url();
    }

    /** The environment marker after {@code ;}, if any. */
    public Optional<String> marker() {
        return parsed().markerText();
    }

    ParsedRequirement parsed() {
        return Pep508Parser.parse(text);
    }

    @Override
    public String toString() {
        return Secrets.mask(text);
    }
}
