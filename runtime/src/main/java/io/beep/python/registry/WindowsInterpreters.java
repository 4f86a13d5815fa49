package io.beep.python.registry;

import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two Windows sources of interpreters: PEP 514 registry keys
 * ({@code Software\Python\<Company>\<Tag>\InstallPath}) and the {@code py} launcher's list. Both are
 * parsed from command output so that the parsing is tested on recorded data on any platform.
 */
final class WindowsInterpreters {

    /** One interpreter a Windows source names. */
    record Entry(String tag, String executable) {
    }

    private static final Pattern KEY = Pattern.compile("^HKEY_[A-Z_]+\\\\.*?\\\\Python\\\\([^\\\\]+)\\\\([^\\\\]+)\\\\InstallPath\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern VALUE = Pattern.compile("^\\s+(\\(Default\\)|ExecutablePath|\\S+)\\s+REG_\\w+\\s+(.*?)\\s*$");
    private static final Pattern LAUNCHER_LINE = Pattern.compile("^\\s*-(?:V:)?(\\S+?)\\s+(?:\\*\\s+)?(.+?)(?:\\s+\\*)?\\s*$");

    private WindowsInterpreters() {
    }

    /**
     * Entries of {@code reg query ...\Software\Python /s} output. {@code ExecutablePath} wins over
     * {@code (Default)\python.exe}; the {@code PyLauncher} company is the launcher itself, not an interpreter.
     */
    static List<Entry> parseRegistry(String output) {
        Map<String, String[]> installs = new LinkedHashMap<>(); // company\tag -> {default, executablePath}
        String current = null;
        for (String line : output.split("\\R")) {
            Matcher key = KEY.matcher(line);
            if (line.startsWith("HKEY_")) {
                current = null;
                if (key.matches() && !key.group(1).equalsIgnoreCase("PyLauncher")) {
                    current = key.group(1) + "/" + key.group(2);
                    installs.putIfAbsent(current, new String[2]);
                }
                continue;
            }
            Matcher value = VALUE.matcher(line);
            if (current != null && value.matches()) {
                String[] slots = installs.get(current);
                if (value.group(1).equalsIgnoreCase("(Default)")) {
                    slots[0] = value.group(2);
                } else if (value.group(1).equalsIgnoreCase("ExecutablePath")) {
                    slots[1] = value.group(2);
                }
            }
        }
        List<Entry> entries = new ArrayList<>();
        installs.forEach((tag, slots) -> {
            if (slots[1] != null && !slots[1].isBlank()) {
                entries.add(new Entry(tag, slots[1]));
            } else if (slots[0] != null && !slots[0].isBlank()) {
                String dir = slots[0].endsWith("\\") || slots[0].endsWith("/") ? slots[0] : slots[0] + separatorOf(slots[0]);
                entries.add(new Entry(tag, dir + "python.exe"));
            }
        });
        return entries;
    }

    /** Entries of {@code py --list-paths} (old {@code -3.9-64 C:\...} and new {@code -V:3.12 * C:\...} forms). */
    static List<Entry> parseLauncherList(String output) {
        List<Entry> entries = new ArrayList<>();
        for (String line : output.split("\\R")) {
            Matcher m = LAUNCHER_LINE.matcher(line);
            if (m.matches() && !m.group(2).isBlank()) {
                entries.add(new Entry(m.group(1), m.group(2)));
            }
        }
        return entries;
    }

    private static String separatorOf(String dir) {
        return dir.contains("\\") ? "\\" : "/";
    }

    /** Asks the real {@code reg} and {@code py} commands (Windows only; a missing command yields nothing). */
    static DiscoveryRoots.WindowsQueries real(ProcessRunner runner) {
        return new DiscoveryRoots.WindowsQueries() {
            @Override
            public String registry() {
                StringBuilder all = new StringBuilder();
                for (String root : List.of("HKCU\\Software\\Python", "HKLM\\Software\\Python",
                        "HKLM\\Software\\Wow6432Node\\Python")) {
                    all.append(quietly(runner, "reg", "query", root, "/s")).append('\n');
                }
                return all.toString();
            }

            @Override
            public String pyLauncher() {
                return quietly(runner, "py", "--list-paths");
            }
        };
    }

    private static String quietly(ProcessRunner runner, String... command) {
        try {
            var result = runner.run(ProcessSpec.of(command).withTimeout(Duration.ofSeconds(5)));
            return result.ok() ? result.stdout() : "";
        } catch (RuntimeException e) {
            return "";
        }
    }
}
