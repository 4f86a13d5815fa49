package io.beep.python.venv;

import io.beep.python.fs.Digests;

import java.util.Base64;

/** Lines of a dist-info {@code RECORD} file: {@code path,sha256=<urlsafe base64, no padding>,size}. */
final class RecordLines {

    private RecordLines() {
    }

    static String line(String path, byte[] content) {
        return csvField(path) + ",sha256=" + Base64.getUrlEncoder().withoutPadding().encodeToString(Digests.sha256(content)) + ","
                + content.length;
    }

    /** Quotes a path the way Python's csv module does when it holds a comma or a quote. */
    static String csvField(String path) {
        if (path.contains(",") || path.contains("\"") || path.contains("\n")) {
            return "\"" + path.replace("\"", "\"\"") + "\"";
        }
        return path;
    }
}
