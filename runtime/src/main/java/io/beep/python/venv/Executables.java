package io.beep.python.venv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The python executables of a venv, placed the way {@code venv} places them. On Linux and macOS
 * they are symbolic links: {@code bin/<name of the base executable>} points at the base
 * interpreter, {@code python}, {@code python3}, {@code python3.X} point at it. A link, not a copy,
 * because relocatable builds find {@code libpython} relative to the real executable (RUNPATH
 * {@code $ORIGIN/../}). On Windows they are copies of the {@code venvlauncher} from the base's
 * {@code Lib\venv\scripts\nt}, which reads {@code pyvenv.cfg} to start the real interpreter.
 */
final class Executables {

    enum Kind {
        /** A symbolic link to an absolute path outside the venv. */
        SYMLINK,
        /** A symbolic link to a sibling, by name. */
        RELATIVE_SYMLINK,
        /** A copy of the file. */
        COPY
    }

    /** One executable to place in the bin directory. */
    record Placement(String name, Path source, Kind kind) {
    }

    private Executables() {
    }

    /** The placements for {@code base}; the first one names the executable tools should call. */
    static List<Placement> plan(BaseInterpreter base) throws BaseInterpreter.NotRecognized {
        List<Placement> plan = new ArrayList<>();
        if (base.platform().isWindows()) {
            Path nt = base.stdlib().resolve("venv").resolve("scripts").resolve("nt");
            // 3.13 renamed the launchers from python.exe / pythonw.exe to venvlauncher.exe / venvwlauncher.exe.
            Path launcher = firstExisting(nt.resolve("venvlauncher.exe"), nt.resolve("python.exe"));
            Path windowed = firstExisting(nt.resolve("venvwlauncher.exe"), nt.resolve("pythonw.exe"));
            if (launcher == null || windowed == null) {
                throw new BaseInterpreter.NotRecognized("no venv launcher (venvlauncher.exe or python.exe) in " + nt);
            }
            plan.add(new Placement("python.exe", launcher, Kind.COPY));
            plan.add(new Placement("pythonw.exe", windowed, Kind.COPY));
            return plan;
        }
        String exeName = base.executable().getFileName().toString();
        plan.add(new Placement(exeName, base.executable(), Kind.SYMLINK));
        for (String alias : List.of("python", "python3", "python" + base.minorVersion())) {
            if (!alias.equals(exeName)) {
                plan.add(new Placement(alias, Path.of(exeName), Kind.RELATIVE_SYMLINK));
            }
        }
        return plan;
    }

    /** Places {@code plan} into {@code binDir}. */
    static void place(List<Placement> plan, Path binDir) throws IOException {
        for (Placement placement : plan) {
            Path target = binDir.resolve(placement.name());
            switch (placement.kind()) {
                case SYMLINK, RELATIVE_SYMLINK -> Files.createSymbolicLink(target, placement.source());
                case COPY -> Files.copy(placement.source(), target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static Path firstExisting(Path... candidates) {
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
