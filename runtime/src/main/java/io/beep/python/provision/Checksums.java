package io.beep.python.provision;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Hex digests of files, and the parsing of published checksum files. */
final class Checksums {

    private static final Pattern HEX = Pattern.compile("\\b([0-9a-fA-F]{40}|[0-9a-fA-F]{64})\\b");

    private Checksums() {
    }

    static String sha256(Path file) throws IOException {
        return digest(file, "SHA-256");
    }

    static String sha1(Path file) throws IOException {
        return digest(file, "SHA-1");
    }

    static String digest(Path file, String algorithm) throws IOException {
        MessageDigest digest = newDigest(algorithm);
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
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

    private static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
    }
}
