package io.beep.python.packages.pep508;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEP 440 version, ordered as pip orders them ({@code 1.0.dev1 < 1.0a1 < 1.0 < 1.0.post1 < 1.0+local}).
 * Only what deciding "is this installed version good enough" and "do these pins conflict" needs.
 */
public record Version(int epoch, List<Long> release, String preLabel, long pre, long post, long dev, String local, String text)
        implements Comparable<Version> {

    /** The normative PEP 440 pattern (as in {@code packaging.version}). */
    private static final Pattern PATTERN = Pattern.compile(
            "v?(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\\.[0-9]+)*)"
                    + "(?<pre>[-_.]?(?<prel>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<pren>[0-9]+)?)?"
                    + "(?<post>(?:-(?<postn1>[0-9]+))|(?:[-_.]?(?<postl>post|rev|r)[-_.]?(?<postn2>[0-9]+)?))?"
                    + "(?<dev>[-_.]?(?<devl>dev)[-_.]?(?<devn>[0-9]+)?)?"
                    + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?",
            Pattern.CASE_INSENSITIVE);

    static final long NONE = -1;

    public static Optional<Version> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = PATTERN.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            List<Long> release = new ArrayList<>();
            for (String part : m.group("release").split("\\.")) {
                release.add(Long.parseLong(part));
            }
            String preLabel = null;
            long pre = NONE;
            if (m.group("pre") != null) {
                preLabel = switch (m.group("prel").toLowerCase(Locale.ROOT)) {
                    case "alpha", "a" -> "a";
                    case "beta", "b" -> "b";
                    default -> "rc";
                };
                pre = m.group("pren") == null ? 0 : Long.parseLong(m.group("pren"));
            }
            long post = NONE;
            if (m.group("post") != null) {
                String n = m.group("postn1") != null ? m.group("postn1") : m.group("postn2");
                post = n == null ? 0 : Long.parseLong(n);
            }
            long dev = m.group("dev") == null ? NONE : m.group("devn") == null ? 0 : Long.parseLong(m.group("devn"));
            String local = m.group("local") == null ? null : m.group("local").toLowerCase(Locale.ROOT).replaceAll("[-_]", ".");
            int epoch = m.group("epoch") == null ? 0 : Integer.parseInt(m.group("epoch"));
            return Optional.of(new Version(epoch, List.copyOf(release), preLabel, pre, post, dev, local, text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static Version parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException("Not a PEP 440 version: " + text));
    }

    boolean isPreRelease() {
        return preLabel != null || dev != NONE;
    }

    boolean isPostRelease() {
        return post != NONE;
    }

    /** This version without its local label. */
    Version publicVersion() {
        return local == null ? this : new Version(epoch, release, preLabel, pre, post, dev, null, text.replaceAll("\\+.*$", ""));
    }

    /** Epoch and release only, e.g. {@code 1.2} for {@code 1.2rc1.post2}. */
    Version baseVersion() {
        return new Version(epoch, release, null, NONE, NONE, NONE, null, (epoch == 0 ? "" : epoch + "!") + releaseText());
    }

    String releaseText() {
        StringBuilder s = new StringBuilder();
        for (Long part : release) {
            if (!s.isEmpty()) {
                s.append('.');
            }
            s.append(part);
        }
        return s.toString();
    }

    /** The canonical form, e.g. {@code 1.0a1.post2.dev3+ubuntu.1}. */
    String normalized() {
        StringBuilder s = new StringBuilder();
        if (epoch != 0) {
            s.append(epoch).append('!');
        }
        s.append(releaseText());
        if (preLabel != null) {
            s.append(preLabel).append(pre);
        }
        if (post != NONE) {
            s.append(".post").append(post);
        }
        if (dev != NONE) {
            s.append(".dev").append(dev);
        }
        if (local != null) {
            s.append('+').append(local);
        }
        return s.toString();
    }

    @Override
    public int compareTo(Version o) {
        int c = Integer.compare(epoch, o.epoch);
        if (c != 0) {
            return c;
        }
        int n = Math.max(release.size(), o.release.size());
        for (int i = 0; i < n; i++) {
            c = Long.compare(i < release.size() ? release.get(i) : 0, i < o.release.size() ? o.release.get(i) : 0);
            if (c != 0) {
                return c;
            }
        }
        c = Long.compare(preKey(), o.preKey());
        if (c != 0) {
            return c;
        }
        c = Long.compare(post, o.post);
        if (c != 0) {
            return c;
        }
        c = Long.compare(dev == NONE ? Long.MAX_VALUE : dev, o.dev == NONE ? Long.MAX_VALUE : o.dev);
        if (c != 0) {
            return c;
        }
        return compareLocal(local, o.local);
    }

    /** Orders pre-releases: a dev-only release sorts before any pre-release, a final release after all of them. */
    private long preKey() {
        if (preLabel == null) {
            return post == NONE && dev != NONE ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        long rank = switch (preLabel) {
            case "a" -> 0;
            case "b" -> 1;
            default -> 2;
        };
        return rank * (1L << 40) + pre;
    }

    private static int compareLocal(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            boolean xNum = x[i].matches("[0-9]+");
            boolean yNum = y[i].matches("[0-9]+");
            int c;
            if (xNum && yNum) {
                c = new java.math.BigInteger(x[i]).compareTo(new java.math.BigInteger(y[i]));
            } else if (xNum != yNum) {
                c = xNum ? 1 : -1; // numeric segments sort after alphanumeric ones
            } else {
                c = x[i].compareTo(y[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        List<Long> trimmed = new ArrayList<>(release);
        while (trimmed.size() > 1 && trimmed.get(trimmed.size() - 1) == 0) {
            trimmed.remove(trimmed.size() - 1);
        }
        return java.util.Objects.hash(epoch, trimmed, preLabel, pre, post, dev, local);
    }

    @Override
    public String toString() {
        return text;
    }
}
