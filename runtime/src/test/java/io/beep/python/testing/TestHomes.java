package io.beep.python.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
