package io.beep.python.packages.store;

import io.beep.python.fs.Digests;

import java.util.Base64;

/** The spelling of a {@code .dist-info/RECORD} file: its hashes and its CSV quoting, as Python's csv module writes it. */
final class RecordFormat {

    private RecordFormat() {
    }

    /** {@code sha256=<urlsafe base64, no padding>} as RECORD writes it. */
    static String recordHash(byte[] content) {
        return "sha256=" + Base64.getUrlEncoder().withoutPadding().encodeToString(Digests.sha256(content));
    }

    /** {@code path,hash,size} of a RECORD line; the path may be quoted as Python's csv module quotes. */
    static String[] fields(String line) {
        int last = line.lastIndexOf(',');
        int second = last <= 0 ? -1 : line.lastIndexOf(',', last - 1);
        if (second < 0) {
            return new String[] {unquote(line), "", ""};
        }
        return new String[] {unquote(line.substring(0, second)), line.substring(second + 1, last), line.substring(last + 1)};
    }

    private static String unquote(String path) {
        if (path.length() >= 2 && path.startsWith("\"") && path.endsWith("\"")) {
            return path.substring(1, path.length() - 1).replace("\"\"", "\"");
        }
        return path;
    }

    static String csv(String path) {
        if (path.contains(",") || path.contains("\"") || path.contains("\n")) {
            return "\"" + path.replace("\"", "\"\"") + "\"";
        }
        return path;
    }
}
