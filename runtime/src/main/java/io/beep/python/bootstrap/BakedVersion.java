package io.beep.python.bootstrap;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The version of a baked interpreter, read from its files: a baked start runs no process, and a
 * version taken on the word of {@code baked.json} would be logged and reported whatever it says.
 */
final class BakedVersion {

    private static final Pattern STDLIB = Pattern.compile("python(\\d+\\.\\d+)t?");
    private static final Pattern PY_VERSION = Pattern.compile("#define\\s+PY_VERSION\\s+\"([^\"]+)\"");

    private BakedVersion() {
    }

    /**
     * {@code X.Y.Z} from {@code include/pythonX.Y/patchlevel.h} where the distribution ships it, else {@code X.Y} from
     * the one stdlib directory {@code lib/pythonX.Y} beside {@code bin/}.
     */
    static String of(Path executable, boolean freethreaded) {
        Path home;
        List<String> stdlibs;
        try {
            home = executable.toRealPath().getParent().getParent();
            try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
                stdlibs = lib.filter(dir -> Files.isRegularFile(dir.resolve("os.py"))).map(dir -> dir.getFileName().toString())
                        .filter(dir -> STDLIB.matcher(dir).matches() && dir.endsWith("t") == freethreaded).toList();
            }
        } catch (IOException | RuntimeException e) {
            throw new PythonBootstrapException(BootstrapStage.CHECKING_RUNTIME, executable.toString(), "Cannot read the version of the baked"
                    + " interpreter " + executable + " from its files: " + e.getMessage() + "; copy the whole application directory,"
                    + " including its python/ directory", e);
        }
        if (stdlibs.size() != 1) {
            throw new PythonBootstrapException(BootstrapStage.CHECKING_RUNTIME, executable.toString(), "The baked interpreter " + executable
                    + " has " + (stdlibs.isEmpty() ? "no" : "more than one") + " standard library under " + home.resolve("lib")
                    + (stdlibs.isEmpty() ? "" : " " + stdlibs) + "; copy the whole application directory, including its python/ directory");
        }
        Matcher minor = STDLIB.matcher(stdlibs.get(0));
        minor.matches();
        Path patchlevel = home.resolve("include").resolve(stdlibs.get(0)).resolve("patchlevel.h");
        try {
            if (Files.isRegularFile(patchlevel)) {
                Matcher version = PY_VERSION.matcher(Files.readString(patchlevel));
                if (version.find() && version.group(1).startsWith(minor.group(1) + ".")) {
                    return version.group(1);
                }
            }
        } catch (IOException e) {
            // The stdlib directory alone still says which X.Y it is.
        }
        return minor.group(1);
    }
}
