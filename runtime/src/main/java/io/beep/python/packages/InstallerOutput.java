package io.beep.python.packages;

import java.util.List;

/** What an installer's output says to a person when it failed. */
final class InstallerOutput {

    private InstallerOutput() {
    }

    /** The informative part of an installer's output: its ERROR lines, else the last lines. */
    static String errorLines(String output) {
        List<String> lines = output == null ? List.of() : output.strip().lines().toList();
        List<String> errors = lines.stream().filter(l -> l.startsWith("ERROR:") || l.startsWith("error:") || l.startsWith("  ╰─▶")
                || l.startsWith("  Caused by:") || l.contains("×")).toList();
        List<String> chosen = errors.isEmpty() ? lines.subList(Math.max(0, lines.size() - 8), lines.size()) : errors;
        return String.join("\n", chosen.subList(0, Math.min(chosen.size(), 12)));
    }
}
