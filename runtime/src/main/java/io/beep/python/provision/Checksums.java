package io.beep.python.provision;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parsing of published checksum files and configured checksums (the digests themselves: {@link io.beep.python.fs.Digests}). */
final class Checksums {

    private static final Pattern HEX = Pattern.compile("\\b([0-9a-fA-F]{40}|[0-9a-fA-F]{64})\\b");

    private Checksums() {
    }

    /**
     * The hex digest in a published checksum file: Maven's {@code .sha1} holds the bare digest,
     * some repositories append the file name ({@code sha256sum} style).
     */
    static Optional<String> parsePublished(String content) {
        Matcher matcher = HEX.matcher(content.trim());
        return matcher.find() ? Optional.of(matcher.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    static boolean isSha256(String text) {
        return text != null && text.trim().matches("[0-9a-fA-F]{64}");
    }
}
