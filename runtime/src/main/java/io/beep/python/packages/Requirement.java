package io.beep.python.packages;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One PEP 508 requirement, validated before any installer sees it.
 *
 * @param name the PEP 503 normalized project name ({@code Foo_Bar} becomes {@code foo-bar})
 * @param text the requirement as written
 * <p>
 * WALKING-SKELETON VERSION: validates the name and a simple specifier tail.
 */
public record Requirement(String name, String text) {

    private static final Pattern NAME = Pattern.compile("^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\\s*(.*)$", Pattern.DOTALL);
    private static final Pattern TAIL = Pattern.compile(
            "^(\\[[A-Za-z0-9._,\\s-]*\\])?\\s*((?:(?:==|!=|<=|>=|~=|===|<|>)\\s*[A-Za-z0-9.*+!_-]+\\s*,?\\s*)*|@\\s*\\S+)?\\s*(;.*)?$",
            Pattern.DOTALL);

    public static Requirement parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        Matcher name = NAME.matcher(trimmed);
        if (trimmed.isEmpty() || !name.matches() || !TAIL.matcher(name.group(2)).matches()) {
            throw new PythonBootstrapException(BootstrapStage.INITIALIZING, text,
                    "Invalid requirement '" + text + "': expected a PEP 508 requirement such as 'requests>=2.31'");
        }
        return new Requirement(normalize(name.group(1)), trimmed);
    }

    /** PEP 503 name normalization. */
    public static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }
}
