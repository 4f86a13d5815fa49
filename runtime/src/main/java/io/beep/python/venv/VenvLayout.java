package io.beep.python.venv;

import io.beep.python.fs.Platform;
import java.nio.file.Path;

/**
 * Where things live inside a venv, as the standard library's {@code venv} lays it out on each
 * platform: {@code bin/} and {@code lib/pythonX.Y/site-packages} on POSIX, {@code Scripts\} and
 * {@code Lib\site-packages} on Windows.
 *
 * @param root         the venv directory
 * @param binName      {@code bin} or {@code Scripts}, as the activate scripts name it
 * @param binDir       where executables and activate scripts go
 * @param includeDir   headers directory ({@code include/pythonX.Y} since 3.11 on POSIX)
 * @param sitePackages the venv's {@code site-packages}
 * @param lib64        whether {@code lib64 -> lib} is expected (64-bit POSIX, not macOS)
 */
record VenvLayout(Path root, String binName, Path binDir, Path includeDir, Path sitePackages, boolean lib64) {

    static VenvLayout of(Platform platform, Path root, String minorVersion, boolean sixtyFourBit) {
        if (platform.isWindows()) {
            return new VenvLayout(root, "Scripts", root.resolve("Scripts"), root.resolve("Include"),
                    root.resolve("Lib").resolve("site-packages"), false);
        }
        // The venv sysconfig scheme (3.11+) names the include dir per version; older venv made a bare include/.
        Path include = atLeast(minorVersion, 3, 11) ? root.resolve("include").resolve("python" + minorVersion) : root.resolve("include");
        return new VenvLayout(root, "bin", root.resolve("bin"), include,
                root.resolve("lib").resolve("python" + minorVersion).resolve("site-packages"),
                sixtyFourBit && !platform.isMacos());
    }

    /** The python executable inside the venv that tools should run. */
    Path python(Platform platform) {
        return binDir.resolve(platform.isWindows() ? "python.exe" : "python");
    }

    /** Whether {@code major.minor} is at least {@code wantMajor.wantMinor}. */
    static boolean atLeast(String minorVersion, int wantMajor, int wantMinor) {
        String[] parts = minorVersion.split("\\.");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major > wantMajor || (major == wantMajor && minor >= wantMinor);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
