package io.beep.python.packages;

import io.beep.python.fs.FileTrees;
import io.beep.python.fs.HomeDirectory;
import io.beep.python.fs.HomeLayout;
import io.beep.python.fs.ScratchOwner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Scratch space of installs under {@code ${home}/tmp}: installer work directories and argument files, named with
 * their maker ({@link ScratchOwner}) so that what a JVM that is gone left is removed by the next install.
 */
final class WorkFiles {

    private static final String WORK_STEM = HomeLayout.Scratch.INSTALL_WORK;
    private static final String ARGS_STEM = HomeLayout.Scratch.INSTALL_ARGS;
    private static final String ARGS_SUFFIX = HomeLayout.Scratch.INSTALL_ARGS_SUFFIX;

    private final Path home;

    WorkFiles(Path home) {
        this.home = home;
    }

    Path directory() {
        try {
            return Files.createTempDirectory(Files.createDirectories(HomeLayout.of(HomeDirectory.createIfAbsent(home)).tmp()),
                    WORK_STEM + ScratchOwner.tag() + "-");
        } catch (IOException e) {
            throw new PackagesException(PackagesException.Reason.HOME_UNWRITABLE, home.toString(),
                    "Cannot create a working directory under " + home + ": " + e.getMessage() + ".", e);
        }
    }

    Path requirements(List<String> lines) {
        try {
            Path file = Files.createTempFile(Files.createDirectories(HomeLayout.of(HomeDirectory.createIfAbsent(home)).tmp()),
                    ARGS_STEM + ScratchOwner.tag() + "-", ARGS_SUFFIX);
            Files.write(file, lines);
            return file;
        } catch (IOException e) {
            throw new PackagesException(PackagesException.Reason.HOME_UNWRITABLE, home.toString(),
                    "Cannot write under " + home + ": " + e.getMessage() + ".", e);
        }
    }

    /** Removes the work directories and argument files of installs whose JVM is gone (killed, or stopped mid-clean-up). */
    void removeAbandoned() {
        Path tmp = HomeLayout.of(home).tmp();
        ScratchOwner.removeAbandoned(tmp, WORK_STEM, "");
        ScratchOwner.removeAbandoned(tmp, ARGS_STEM, ARGS_SUFFIX);
    }

    static void delete(Path path) {
        try {
            FileTrees.delete(path);
        } catch (IOException e) {
            // Scratch files only: a leftover is removed by the next start's sweep of the home (HomeLayout.Scratch).
        }
    }
}
