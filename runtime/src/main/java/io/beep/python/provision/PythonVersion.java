package io.beep.python.provision;

import java.util.Comparator;

/** A full CPython version such as {@code 3.13.5}, ordered numerically (3.13.10 is newer than 3.13.9). */
record PythonVersion(int major, int minor, int patch) implements Comparable<PythonVersion> {

    private static final Comparator<PythonVersion> ORDER = Comparator.comparingInt(PythonVersion::major)
            .thenComparingInt(PythonVersion::minor).thenComparingInt(PythonVersion::patch);

    /** Parses {@code X.Y.Z}; anything else is an {@link IllegalArgumentException}. */
    static PythonVersion parse(String text) {
        String[] parts = text.trim().split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("Not a full Python version: '" + text + "'");
        }
        try {
            return new PythonVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a full Python version: '" + text + "'", e);
        }
    }

    /** {@code 3.13}: the part that names the interpreter's directories ({@code lib/python3.13}). */
    String minorVersion() {
        return major + "." + minor;
    }

    @Override
    public int compareTo(PythonVersion other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
