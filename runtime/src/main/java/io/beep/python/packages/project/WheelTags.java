package io.beep.python.packages.project;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a lock holds a file this platform can install: an sdist, or a wheel whose tags fit the marker environment.
 * A coarse check (platform family and machine, CPython minor version) made so that "no file for this platform" is
 * reported with the lock's file and entry before an installer starts; the installer still picks the exact wheel.
 */
final class WheelTags {

    private WheelTags() {
    }

    static boolean anyFits(List<String> wheelFiles, Map<String, String> environment) {
        return wheelFiles.stream().anyMatch(w -> fits(w, environment));
    }

    static boolean fits(String wheelFile, Map<String, String> environment) {
        String[] parts = wheelFile.replaceFirst("\\.whl$", "").split("-");
        if (parts.length < 5) {
            return true; // not a wheel name we can judge: the installer decides
        }
        return pythonFits(parts[parts.length - 3], parts[parts.length - 2], environment.get("python_version"))
                && platformFits(parts[parts.length - 1], environment.get("sys_platform"), environment.get("platform_machine"));
    }

    private static boolean pythonFits(String pythonTags, String abiTags, String pythonVersion) {
        if (pythonVersion == null) {
            return true;
        }
        String minor = pythonVersion.replace(".", "");
        for (String tag : pythonTags.split("\\.")) {
            if (tag.startsWith("py3") || tag.equals("py2.py3") || tag.equals(minor.isEmpty() ? "" : "cp" + minor)) {
                return true;
            }
            if (tag.startsWith("cp3") && abiTags.contains("abi3") && compare(tag.substring(2), minor) <= 0) {
                return true;
            }
        }
        return false;
    }

    private static int compare(String a, String b) {
        try {
            return Integer.compare(Integer.parseInt(a.substring(1)), Integer.parseInt(b.substring(1)));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static boolean platformFits(String platformTags, String sysPlatform, String machine) {
        if (sysPlatform == null || machine == null) {
            return true;
        }
        String arch = machine.toLowerCase(Locale.ROOT);
        for (String tag : platformTags.split("\\.")) {
            if (tag.equals("any")) {
                return true;
            }
            boolean family = switch (sysPlatform) {
                case "linux" -> tag.startsWith("manylinux") || tag.startsWith("musllinux") || tag.startsWith("linux");
                case "darwin" -> tag.startsWith("macosx");
                case "win32" -> tag.startsWith("win");
                default -> true;
            };
            if (!family) {
                continue;
            }
            if (tag.endsWith("_" + arch) || tag.endsWith("universal2") || tag.endsWith("universal")
                    || (arch.equals("amd64") && tag.equals("win_amd64")) || (arch.equals("arm64") && tag.endsWith("_aarch64"))
                    || (arch.equals("aarch64") && tag.endsWith("_arm64")) || (sysPlatform.equals("win32") && tag.equals("win32") && arch.equals("x86"))) {
                return true;
            }
        }
        return false;
    }
}
