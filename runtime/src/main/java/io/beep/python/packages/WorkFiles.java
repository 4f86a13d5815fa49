package io.beep.python.packages;

import io.beep.python.fs.FileTrees;
import io.beep.python.fs.HomeDirectory;
import io.beep.python.fs.HomeLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Scratch space of installs under {@code ${home}/tmp}: installer work directories and argument files. */
final class WorkFiles {

    private final Path home;

    WorkFiles(Path home) {
        this.home = home;
    }

    Path directory() {
        try {
            return Files.createTempDirectory(Files.createDirectories(HomeLayout.of(HomeDirectory.createIfAbsent(home)).tmp()), "install-");
        } catch (IOException e) {
            throw new PackagesException(PackagesException.Reason.HOME_UNWRITABLE, home.toString(),
                    "Cannot create a working directory under " + home + ": " + e.getMessage() + ".", e);
        }
    }

    Path requirements(List<String> lines) {
        try {
            Path file = Files.createTempFile(Files.createDirectories(HomeLayout.of(HomeDirectory.createIfAbsent(home)).tmp()), "lock-", ".txt");
            Files.write(file, lines);
            return file;
        } catch (IOException e) {
            throw new PackagesException(PackagesException.Reason.HOME_UNWRITABLE, home.toString(),
                    "Cannot write under " + home + ": " + e.getMessage() + ".", e);
        }
    }

    static void delete(Path path) {
        try {
            FileTrees.delete(path);
        } catch (IOException e) {
            // Scratch files only: a leftover is removed with the next clean-up of ${home}/tmp.
        }
    }
}
