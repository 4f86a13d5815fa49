package io.beep.python.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Message digests as every room writes them: lower-case hex for cache keys, checksums, lock and
 * fingerprint names. Every JDK ships SHA-1 and SHA-256, so a missing one is a broken JVM, not an
 * input error.
 */
public final class Digests {

    public static final String SHA_256 = "SHA-256";
    public static final String SHA_1 = "SHA-1";

    private Digests() {
    }

    /** A fresh digest for streaming through, e.g. with a {@link java.security.DigestInputStream}. */
    public static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
    }

    /**
     * Several digests fed the same bytes as they pass, e.g. on their way to disk, so that a file is never read again to
     * hash it; {@link #hex()} gives each in hex by algorithm.
     */
    public static final class Several {
        private final Map<String, MessageDigest> digests = new LinkedHashMap<>();

        public Several(String... algorithms) {
            for (String algorithm : algorithms) {
                digests.put(algorithm, newDigest(algorithm));
            }
        }

        public void update(byte[] bytes, int offset, int length) {
            for (MessageDigest digest : digests.values()) {
                digest.update(bytes, offset, length);
            }
        }

        /** Digests {@code buffer}'s remaining bytes, leaving its position where it was. */
        public void update(ByteBuffer buffer) {
            for (MessageDigest digest : digests.values()) {
                digest.update(buffer.duplicate());
            }
        }

        /** Each digest in hex, by algorithm in the order given; the digests start over. */
        public Map<String, String> hex() {
            Map<String, String> hex = new LinkedHashMap<>();
            digests.forEach((algorithm, digest) -> hex.put(algorithm, HexFormat.of().formatHex(digest.digest())));
            return hex;
        }
    }

    /** The SHA-256 of {@code bytes}. */
    public static byte[] sha256(byte[] bytes) {
        return newDigest(SHA_256).digest(bytes);
    }

    /** The SHA-256 of {@code bytes} in hex. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256(bytes));
    }

    /** The SHA-256 of {@code text}'s UTF-8 bytes in hex. */
    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The first 16 hex digits of {@code text}'s SHA-256: short names for lock files and fingerprints. */
    public static String shortHex(String text) {
        return sha256Hex(text).substring(0, 16);
    }

    /** The first 16 hex digits of the SHA-256 of {@code bytes}. */
    public static String shortHex(byte[] bytes) {
        return sha256Hex(bytes).substring(0, 16);
    }

    /** The SHA-256 of a file's content in hex, read as a stream (archives are hundreds of MB). */
    public static String sha256Hex(Path file) throws IOException {
        return hex(file, SHA_256).get(SHA_256);
    }

    /** Several digests of one file in a single read, e.g. SHA-1 and SHA-256 of a Maven artifact; hex by algorithm. */
    public static Map<String, String> hex(Path file, String... algorithms) throws IOException {
        Several digests = new Several(algorithms);
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digests.update(buffer, 0, n);
            }
        }
        return digests.hex();
    }
}
