package io.beep.python.packages;

import io.beep.python.fs.Platform;
import io.beep.python.venv.PyvenvConfig;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of PEP 508 marker variables for a target environment, found without starting Python:
 * the version from the venv's {@code pyvenv.cfg} (or the {@code pythonX.Y} in the site-packages
 * path), the platform from the JVM. Variables it cannot know (e.g. {@code platform_release}) are
 * absent, so a marker that needs them is undecided and the installer gets to decide.
 */
final class MarkerEnvironment {

    private static final Pattern SITE_VERSION = Pattern.compile("python([0-9]+\\.[0-9]+)t?");

    private MarkerEnvironment() {
    }

    static Map<String, String> of(Path python, Path sitePackages) {
        Map<String, String> env = new HashMap<>();
        Platform platform = Platform.current();
        if (platform.isWindows()) {
            env.put("os_name", "nt");
            env.put("sys_platform", "win32");
            env.put("platform_system", "Windows");
        } else {
            env.put("os_name", "posix");
            env.put("sys_platform", platform.isMacos() ? "darwin" : platform.os());
            env.put("platform_system", platform.isMacos() ? "Darwin" : platform.isLinux() ? "Linux" : System.getProperty("os.name"));
        }
        // Python's platform.machine() spells the architectures differently on each system.
        env.put("platform_machine", switch (platform.arch()) {
            case "x86_64" -> platform.isWindows() ? "AMD64" : "x86_64";
            case "arm64" -> platform.isMacos() ? "arm64" : "aarch64";
            default -> platform.arch();
        });
        // This extension provisions and discovers CPython only.
        env.put("implementation_name", "cpython");
        env.put("platform_python_implementation", "CPython");
        String full = fullVersion(python);
        if (full != null) {
            env.put("python_full_version", full);
            env.put("implementation_version", full);
            String[] parts = full.split("\\.");
            env.put("python_version", parts[0] + "." + parts[1]);
        } else {
            Matcher m = SITE_VERSION.matcher(sitePackages.toString());
            String shortVersion = null;
            while (m.find()) {
                shortVersion = m.group(1);
            }
            if (shortVersion != null) {
                env.put("python_version", shortVersion);
            }
        }
        env.put("extra", "");
        return env;
    }

    private static String fullVersion(Path python) {
        return PyvenvConfig.ofInterpreter(python).flatMap(PyvenvConfig::fullVersion).orElse(null);
    }
}
