package io.beep.python.provision;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A wanted interpreter version as the user writes it: {@code 3}, {@code 3.13} or {@code 3.13.5}.
 * A shorter request matches every version that starts with it; the newest match wins.
 */
record VersionRequest(String text, List<Integer> parts) {

    /** At most nine digits a part, so that {@code 3.99999999999} is "not a version", not a number overflow. */
    private static final Pattern FORMAT = Pattern.compile("\\d{1,9}(\\.\\d{1,9}){0,2}");

    VersionRequest {
        parts = List.copyOf(parts);
    }

    /** Parses a request; returns empty when it is not of the form {@code 3}, {@code 3.13} or {@code 3.13.5}. */
    static Optional<VersionRequest> parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (!FORMAT.matcher(trimmed).matches()) {
            return Optional.empty();
        }
        List<Integer> parts = new ArrayList<>();
        for (String part : trimmed.split("\\.")) {
            parts.add(Integer.parseInt(part));
        }
        return Optional.of(new VersionRequest(trimmed, parts));
    }

    boolean matches(PythonVersion version) {
        int[] actual = {version.major(), version.minor(), version.patch()};
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) != actual[i]) {
                return false;
            }
        }
        return true;
    }

    /** The newest of {@code known} that this request matches. */
    Optional<PythonVersion> newestMatch(Collection<PythonVersion> known) {
        return known.stream().filter(this::matches).max(PythonVersion::compareTo);
    }

    @Override
    public String toString() {
        return text;
    }
}
