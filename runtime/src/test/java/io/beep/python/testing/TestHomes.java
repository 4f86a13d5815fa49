package io.beep.python.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A fresh {@code beep.python.home} per test application, under target/ so that a failed run can be inspected. */
public final class TestHomes {

    private TestHomes() {
    }

    public static String create(String name) {
        try {
            Path dir = Path.of("target", "test-homes");
            Files.createDirectories(dir);
            return Files.createTempDirectory(dir.toAbsolutePath(), name + "-").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The managed venvs of environment {@code name} under {@code home}: {@code venvs/NAME-KEY}, one per set of inputs. */
    public static List<Path> venvs(Path home, String name) {
        Path venvs = home.resolve("venvs");
        if (!Files.isDirectory(venvs)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(venvs)) {
            return entries.filter(p -> p.getFileName().toString().matches(java.util.regex.Pattern.quote(name) + "-[0-9a-f]{16}"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one managed venv of environment {@code name} under {@code home}; fails when there is none or several. */
    public static Path venv(Path home, String name) {
        List<Path> found = venvs(home, name);
        if (found.size() != 1) {
            throw new AssertionError("expected one venv of '" + name + "' under " + home + ", found " + found);
        }
        return found.get(0);
    }
}
