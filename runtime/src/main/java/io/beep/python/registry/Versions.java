package io.beep.python.registry;


import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Python version strings: parsing a request ({@code 3}, {@code 3.13}, {@code 3.13.5}), matching and ordering. */
final class Versions {

    private static final Pattern REQUEST = Pattern.compile("(?:python|cpython-?)?(\\d{1,9}(?:\\.\\d{1,9}){0,2})(t)?(?:\\.\\*)?",
            Pattern.CASE_INSENSITIVE);

    /**
     * A parsed version request.
     *
     * @param version      the dotted numbers, {@code ""} for any version
     * @param freethreaded asked for a free-threaded build ({@code 3.13t})
     */
    record Request(String version, boolean freethreaded) {
        @Override
        public String toString() {
            return version + (freethreaded ? "t" : "");
        }
    }
    private static final Pattern NUMBERS = Pattern.compile("(\\d{1,9})(?:\\.(\\d{1,9}))?(?:\\.(\\d{1,9}))?(.*)");

    private Versions() {
    }

    /**
     * The normalized request: any version for {@code null}, blank or {@code any}, else the dotted numbers;
     * {@code python3.13}, {@code cpython-3.13} and {@code 3.13.*} are read as {@code 3.13}, {@code 3.13t} as
     * a free-threaded 3.13.
     */
    static Request parseRequest(String request) {
        if (request == null || request.isBlank() || request.strip().equalsIgnoreCase("any")) {
            return new Request("", false);
        }
        Matcher m = REQUEST.matcher(request.strip());
        if (!m.matches()) {
            throw new RegistryException(RegistryException.Reason.INVALID_VERSION_REQUEST, request, "Invalid Python version request '"
                    + request + "'; use a major, major.minor or full version such as 3, 3.13 or 3.13.5");
        }
        return new Request(m.group(1), m.group(2) != null);
    }

    /** Whether {@code version} (e.g. {@code 3.13.0rc1}) satisfies the normalized {@code request}. */
    static boolean matches(String version, String request) {
        if (request.isEmpty()) {
            return true;
        }
        String[] wanted = request.split("\\.");
        int[] have = numbers(version);
        for (int i = 0; i < wanted.length; i++) {
            if (i >= have.length || have[i] != Integer.parseInt(wanted[i])) {
                return false;
            }
        }
        return true;
    }

    /** Orders versions numerically; a pre-release ({@code 3.14.0rc1}) sorts before its final release. */
    static int compare(String a, String b) {
        int[] x = numbers(a);
        int[] y = numbers(b);
        for (int i = 0; i < 3; i++) {
            int xi = i < x.length ? x[i] : 0;
            int yi = i < y.length ? y[i] : 0;
            if (xi != yi) {
                return Integer.compare(xi, yi);
            }
        }
        String xs = suffix(a);
        String ys = suffix(b);
        if (xs.isEmpty() != ys.isEmpty()) {
            return xs.isEmpty() ? 1 : -1;
        }
        return xs.compareTo(ys);
    }

    private static int[] numbers(String version) {
        Matcher m = NUMBERS.matcher(version == null ? "" : version);
        if (!m.matches()) {
            return new int[0];
        }
        int count = m.group(3) != null ? 3 : m.group(2) != null ? 2 : 1;
        int[] result = new int[count];
        for (int i = 0; i < count; i++) {
            result[i] = Integer.parseInt(m.group(i + 1));
        }
        return result;
    }

    private static String suffix(String version) {
        Matcher m = NUMBERS.matcher(version == null ? "" : version);
        return m.matches() ? m.group(4) : "";
    }
}
