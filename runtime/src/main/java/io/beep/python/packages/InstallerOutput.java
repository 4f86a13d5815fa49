package io.beep.python.packages;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** What an installer's output says to a person when it failed. */
final class InstallerOutput {

    /**
     * A Python exception line that ends a traceback ({@code OSError: [Errno 28] No space left on device: ...}): when
     * pip crashes its only ERROR line is "ERROR: Exception:", and the cause is this line.
     */
    private static final Pattern EXCEPTION_LINE = Pattern.compile("^[A-Za-z_][\\w.]*(Error|Exception|Exit|Interrupt): .*");

    private InstallerOutput() {
    }

    /**
     * The informative part of an installer's output: its ERROR lines with their causes (uv's indented {@code cause:} and
     * {@code Caused by:} lines, the exception line of pip's traceback), else the last lines.
     */
    static String errorLines(String output) {
        List<String> lines = output == null ? List.of() : output.strip().lines().toList();
        List<String> errors = lines.stream().filter(l -> l.startsWith("ERROR:") || l.startsWith("error:") || l.startsWith("  ╰─▶")
                || l.startsWith("  Caused by:") || l.startsWith("  cause:") || l.contains("×") || EXCEPTION_LINE.matcher(l).matches())
                .toList();
        List<String> chosen = errors.isEmpty() ? lines.subList(Math.max(0, lines.size() - 8), lines.size()) : errors;
        return String.join("\n", chosen.subList(0, Math.min(chosen.size(), 12)));
    }

    /**
     * The line of an installer's output that says the disk is full (ENOSPC, or EDQUOT), as pip (Python's
     * {@code OSError}) and uv (Rust's {@code os error 28}) print it. The same words as {@code provision.DiskErrors}
     * reads from the JDK's exceptions; here they come from another process's text.
     */
    static Optional<String> noSpaceLeft(String output) {
        if (output == null) {
            return Optional.empty();
        }
        return output.lines().filter(line -> {
            String lower = line.toLowerCase(Locale.ROOT);
            return lower.contains("no space left") || lower.contains("quota exceeded") || lower.contains("not enough space")
                    || lower.contains("[errno 28]") || lower.contains("os error 28");
        }).map(String::strip).findFirst();
    }
}
