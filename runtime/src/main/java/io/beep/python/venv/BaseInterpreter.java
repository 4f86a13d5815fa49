package io.beep.python.venv;

import io.beep.python.registry.PythonRuntimeInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The facts about a base interpreter that a venv is written from, derived from its
 * {@link PythonRuntimeInfo} and checked against the disk. {@link #recognize} refuses interpreters
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

    /** Why an interpreter cannot get a Java-written venv. */
    static final class NotRecognized extends Exception {
        NotRecognized(String reason) {
            super(reason, null, false, false);
        }
    }

    static BaseInterpreter recognize(PythonRuntimeInfo info, Platform platform) throws NotRecognized {
        if (!"cpython".equalsIgnoreCase(info.implementation())) {
            throw new NotRecognized("implementation '" + info.implementation() + "' is not CPython");
        }
        if (!info.version().matches("\\d+\\.\\d+\\.\\d+.*") || !VenvLayout.atLeast(info.minorVersion(), 3, 8)) {
            throw new NotRecognized("version '" + info.version() + "' is older than 3.8 or not understood");
        }
        if (!info.prefix().equals(info.basePrefix())) {
            throw new NotRecognized("the interpreter runs inside a virtual environment (prefix " + info.prefix()
                    + ", base prefix " + info.basePrefix() + ")");
        }
        Path executable = info.executable().toAbsolutePath().normalize();
        Path stdlib = platform.isWindows() ? info.prefix().resolve("Lib") : info.prefix().resolve("lib").resolve("python" + info.minorVersion());
        if (!Files.isRegularFile(stdlib.resolve("os.py"))) {
            if (Files.isDirectory(info.prefix().resolve("lib").resolve("python" + info.minorVersion() + "t"))) {
                throw new NotRecognized("free-threaded build (its stdlib is lib/python" + info.minorVersion() + "t)");
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
        return new BaseInterpreter(executable, real, executable.getParent(), info.version(), info.minorVersion(), stdlib, platform,
                is64Bit(info.architecture()));
    }

    /** What {@code sys.maxsize > 2**32} says, from the machine name the interpreter reported. */
    static boolean is64Bit(String architecture) {
        String arch = architecture == null ? "" : architecture.toLowerCase(Locale.ROOT);
        return arch.contains("64") || arch.equals("s390x");
    }

    int minor() {
        return Integer.parseInt(minorVersion.substring(minorVersion.indexOf('.') + 1));
    }
}
