package io.beep.python.packages.pep508;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of PEP 508 marker variables for a target environment, known without starting Python:
 * the version the caller read from the venv's {@code pyvenv.cfg} (or the {@code pythonX.Y} in the site-packages
 * path), the platform as the caller names it. Variables it cannot know (e.g. {@code platform_release}) are
 * absent, so a marker that needs them is undecided and the installer gets to decide.
 */
public final class Pep508Environment {

    private static final Pattern SITE_VERSION = Pattern.compile("python([0-9]+\\.[0-9]+)t?");

    private Pep508Environment() {
    }

    /**
     * The marker values on {@code os} and {@code arch} (as the project's platform names them: {@code linux},
     * {@code macosx}, {@code windows}; {@code x86_64}, {@code arm64}), for an interpreter of {@code fullVersion}
     * (null when unknown, then the site-packages path tells the short version).
     */
    public static Map<String, String> of(String os, String arch, String fullVersion, Path sitePackages) {
        Map<String, String> env = new HashMap<>();
        boolean windows = os.equals("windows");
        boolean macos = os.equals("macosx");
        if (windows) {
            env.put("os_name", "nt");
            env.put("sys_platform", "win32");
            env.put("platform_system", "Windows");
        } else {
            env.put("os_name", "posix");
            env.put("sys_platform", macos ? "darwin" : os);
            env.put("platform_system", macos ? "Darwin" : os.equals("linux") ? "Linux" : System.getProperty("os.name"));
        }
        // Python's platform.machine() spells the architectures differently on each system.
        env.put("platform_machine", switch (arch) {
            case "x86_64" -> windows ? "AMD64" : "x86_64";
            case "arm64" -> macos ? "arm64" : "aarch64";
            default -> arch;
        });
        // This extension provisions and discovers CPython only.
        env.put("implementation_name", "cpython");
        env.put("platform_python_implementation", "CPython");
        String full = fullVersion;
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
}
