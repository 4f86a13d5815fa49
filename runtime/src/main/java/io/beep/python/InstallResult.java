package io.beep.python;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one install did to an environment.
 *
 * @param requested   the requirement strings asked for
 * @param installed   distributions installed or changed by this call, normalized name to version
 * @param skipped     true when everything requested was already satisfied and no installer ran
 * @param installer   the installer that ran ({@code pip}, {@code uv}) or {@code none}
 * @param warnings    consistency problems found after the install (e.g. broken dependencies)
 * @param duration    wall time of the call
 */
public record InstallResult(List<String> requested, Map<String, String> installed, boolean skipped, String installer,
        List<String> warnings, Duration duration) {

    public InstallResult {
        requested = List.copyOf(requested);
        installed = Map.copyOf(installed);
        warnings = List.copyOf(warnings);
    }

    public static InstallResult nothingToDo(List<String> requested, Duration duration) {
        return new InstallResult(requested, Map.of(), true, "none", List.of(), duration);
    }
}
