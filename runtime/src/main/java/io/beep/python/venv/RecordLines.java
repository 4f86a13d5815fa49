package io.beep.python.venv;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Lines of a dist-info {@code RECORD} file: {@code path,sha256=<urlsafe base64, no padding>,size}. */
final class RecordLines {

    private RecordLines() {
    }

    static String line(String path, byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return csvField(path) + ",sha256=" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + "," + content.length;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Quotes a path the way Python's csv module does when it holds a comma or a quote. */
    static String csvField(String path) {
        if (path.contains(",") || path.contains("\"") || path.contains("\n")) {
            return "\"" + path.replace("\"", "\"\"") + "\"";
        }
        return path;
    }
}
