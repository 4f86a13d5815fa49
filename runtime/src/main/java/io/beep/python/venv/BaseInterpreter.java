package io.beep.python.venv;

import io.beep.python.fs.Platform;
import io.beep.python.registry.PythonRuntimeInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.InputStream;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The facts about a base interpreter that a venv is written from, derived from its
 * {@link PythonRuntimeInfo} (executable, version, prefix and base prefix only) and checked against the disk. {@link #recognize} refuses interpreters
 * whose layout we do not know, with the reason; those get a venv from {@code python -m venv}.
 *
 * @param executable     the interpreter as registered (what {@code sys._base_executable} would be)
 * @param realExecutable the executable with links resolved ({@code executable} in {@code pyvenv.cfg})
 * @param home           the directory holding the executable ({@code home} in {@code pyvenv.cfg})
 * @param version        e.g. {@code 3.13.5}
 * @param minorVersion   e.g. {@code 3.13}
 * @param stdlib         the standard library directory ({@code prefix/lib/pythonX.Y}, {@code prefix\Lib})
 * @param platform       the platform whose layout applies
 * @param sixtyFourBit   whether the interpreter is a 64-bit build
 */
record BaseInterpreter(Path executable, Path realExecutable, Path home, String version, String minorVersion, Path stdlib,
        Platform platform, boolean sixtyFourBit) {

    private static final Pattern VERSION = Pattern.compile("^(\\d+\\.\\d+)\\.\\d+");

    /** Why an interpreter cannot get a Java-written venv. */
    static final class NotRecognized extends Exception {
        NotRecognized(String reason) {
            super(reason, null, false, false);
        }
    }

    static BaseInterpreter recognize(PythonRuntimeInfo info, Platform platform) throws NotRecognized {
        return recognize(info.executable(), info.version(), info.prefix(), info.basePrefix(), platform);
    }

    /** Recognizes an interpreter from the four facts the registry guarantees: executable, version, prefix, base prefix. */
    static BaseInterpreter recognize(Path executablePath, String version, Path prefix, Path basePrefix, Platform platform)
            throws NotRecognized {
        Matcher v = VERSION.matcher(version);
        if (!v.find() || !VenvLayout.atLeast(v.group(1), 3, 8)) {
            throw new NotRecognized("version '" + version + "' is older than 3.8 or not understood");
        }
        String minorVersion = v.group(1);
        if (!prefix.equals(basePrefix)) {
            throw new NotRecognized("the interpreter runs inside a virtual environment (prefix " + prefix
                    + ", base prefix " + basePrefix + ")");
        }
        Path executable = executablePath.toAbsolutePath().normalize();
        // A CPython stdlib where venv expects it; PyPy (lib/pypy3.X) and unusual builds fail here.
        Path stdlib = platform.isWindows() ? prefix.resolve("Lib") : prefix.resolve("lib").resolve("python" + minorVersion);
        if (!Files.isRegularFile(stdlib.resolve("os.py"))) {
            if (Files.isDirectory(prefix.resolve("lib").resolve("python" + minorVersion + "t"))) {
                throw new NotRecognized("free-threaded build (its stdlib is lib/python" + minorVersion + "t)");
            }
            throw new NotRecognized("no standard library found at " + stdlib);
        }
        Path real;
        try {
            real = executable.toRealPath();
        } catch (IOException e) {
            throw new NotRecognized("executable " + executable + " cannot be resolved: " + e.getMessage());
        }
        String name = executable.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.startsWith("python")) {
            throw new NotRecognized("executable name '" + executable.getFileName() + "' is not python*");
        }
        return new BaseInterpreter(executable, real, executable.getParent(), version, minorVersion, stdlib, platform,
                is64Bit(real, platform));
    }

    /**
     * What {@code sys.maxsize > 2**32} says inside the interpreter: its ELF class on Linux (byte 4 of
     * the header is 2 for 64-bit), else the JVM's own word size, which matches on macOS and Windows
     * where the answer does not change the layout anyway.
     */
    static boolean is64Bit(Path realExecutable, Platform platform) {
        if (!platform.isWindows()) {
            try (InputStream in = Files.newInputStream(realExecutable)) {
                byte[] header = in.readNBytes(5);
                if (header.length == 5 && header[0] == 0x7f && header[1] == 'E' && header[2] == 'L' && header[3] == 'F') {
                    return header[4] == 2;
                }
            } catch (IOException e) {
                // unreadable: fall back to the JVM's word size
            }
        }
        return platform.arch().contains("64");
    }
}
