package io.beep.python.provision;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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
        return digests(file, algorithm).get(algorithm);
    }

    /** Several digests of one file in a single read, e.g. {@code SHA-1} and {@code SHA-256} of a Maven artifact. */
    static Map<String, String> digests(Path file, String... algorithms) throws IOException {
        Map<String, MessageDigest> digests = new LinkedHashMap<>();
        for (String algorithm : algorithms) {
            digests.put(algorithm, newDigest(algorithm));
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                for (MessageDigest digest : digests.values()) {
                    digest.update(buffer, 0, n);
                }
            }
        }
        Map<String, String> hex = new LinkedHashMap<>();
        digests.forEach((algorithm, digest) -> hex.put(algorithm, HexFormat.of().formatHex(digest.digest())));
        return hex;
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
