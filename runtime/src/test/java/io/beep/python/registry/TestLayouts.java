package io.beep.python.registry;

import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/** Builds interpreter layouts in temp directories: links to real interpreters, real venvs, broken "pythons". */
final class TestLayouts {

    private TestLayouts() {
    }

    /** {@code link} (parents created) as a symlink to the real interpreter {@code target}. */
    static Path link(Path link, Path target) {
        try {
            Files.createDirectories(link.getParent());
            return Files.createSymbolicLink(link, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An executable shell script at {@code file}: a broken or wrapped interpreter. */
    static Path script(Path file, String body) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "#!/bin/sh\n" + body + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A real venv made by {@code base -m venv --without-pip}; returns its {@code bin/python}. */
    static Path venv(ProcessRunner runner, Path base, Path root) {
        runner.run(ProcessSpec.of(List.of(base.toString(), "-m", "venv", "--without-pip", root.toString()))
                .withTimeout(Duration.ofMinutes(1))).orThrow("creating venv " + root);
        return root.resolve("bin").resolve("python");
    }

    static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
