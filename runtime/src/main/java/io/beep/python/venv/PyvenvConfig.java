package io.beep.python.venv;

import io.beep.python.fs.Platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pyvenv.cfg}: the file that makes a directory a venv. CPython's start-up reads {@code home}
 * from it to find the standard library; everything else is for tools. The one reader of it: other
 * rooms ask here which venv an interpreter belongs to, its version and its base interpreter.
 */
public final class PyvenvConfig {

    static final String FILE_NAME = "pyvenv.cfg";

    private static final Pattern VERSION_INFO = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)");

    private final Path root;
    private final Map<String, String> values;

    private PyvenvConfig(Path root, Map<String, String> values) {
        this.root = root;
        this.values = values;
    }

    /**
     * The venv whose interpreter {@code python} is: {@code <root>/bin/python} or
     * {@code <root>\Scripts\python.exe} beside a {@code pyvenv.cfg}. Starts no process.
     */
    public static Optional<PyvenvConfig> ofInterpreter(Path python) {
        Path bin = python.toAbsolutePath().getParent();
        return bin == null || bin.getParent() == null ? Optional.empty() : read(bin.getParent());
    }

    /** The venv directory. */
    public Path root() {
        return root;
    }

    /** The interpreter version it records ({@code version}, or {@code version_info} as older tools wrote it); empty when absent. */
    public String version() {
        return values.getOrDefault("version", values.getOrDefault("version_info", ""));
    }

    /** The full {@code X.Y.Z} version it records, when it records one. */
    public Optional<String> fullVersion() {
        String info = versionInfo(version());
        return info.matches("\\d+\\.\\d+\\.\\d+") ? Optional.of(info) : Optional.empty();
    }

    /** The base interpreter the venv was made from: {@code executable}, else the python in {@code home}. */
    public Path baseExecutable(Platform platform) {
        return values.containsKey("executable") ? Path.of(values.get("executable"))
                : Path.of(values.getOrDefault("home", "")).resolve(platform.isWindows() ? "python.exe" : "python3");
    }

    /** The text {@code venv} writes for {@code base} at {@code root} (with pip, symlinks, default options). */
    static String render(BaseInterpreter base, Path root) {
        StringBuilder text = new StringBuilder();
        text.append("home = ").append(base.home()).append('\n');
        text.append("include-system-site-packages = false\n");
        text.append("version = ").append(versionInfo(base.version())).append('\n');
        if (VenvLayout.atLeast(base.minorVersion(), 3, 11)) {
            text.append("executable = ").append(base.realExecutable()).append('\n');
            text.append("command = ").append(base.executable()).append(" -m venv ").append(root).append('\n');
        }
        return text.toString();
    }

    /** {@code sys.version_info[:3]} of a version string: {@code 3.13.0rc1} gives {@code 3.13.0}. */
    static String versionInfo(String version) {
        Matcher m = VERSION_INFO.matcher(version);
        return m.find() ? m.group(1) + "." + m.group(2) + "." + m.group(3) : version;
    }

    /** {@code root/pyvenv.cfg}, or empty when there is none (or it cannot be read). */
    public static Optional<PyvenvConfig> read(Path root) {
        Path cfg = root.resolve(FILE_NAME);
        if (!Files.isRegularFile(cfg)) {
            return Optional.empty();
        }
        try {
            Map<String, String> values = new LinkedHashMap<>();
            for (String line : Files.readAllLines(cfg, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#")) {
                    values.put(line.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT), line.substring(eq + 1).strip());
                }
            }
            return Optional.of(new PyvenvConfig(root, Map.copyOf(values)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
