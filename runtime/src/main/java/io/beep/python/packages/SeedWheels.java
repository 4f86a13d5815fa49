package io.beep.python.packages;

import io.beep.python.ProcessResult;
import io.beep.python.Secrets;
import io.beep.python.fs.Digests;
import io.beep.python.fs.HomeLayout;
import io.beep.python.process.Cancellation;
import io.beep.python.process.InterProcessLock;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code seed-packages} other than {@code bundled}: the packaging tools a new venv gets instead of the ones the
 * interpreter bundles ({@code latest}: pip, setuptools and wheel from the index). The wheels are downloaded once per home,
 * Python version, choice and index into {@code ${home}/cache/seed/wheels-KEY/}, so every later venv is upgraded from there
 * with {@code --no-index}: the index is asked once per home, not once per venv.
 */
final class SeedWheels {

    private static final String STEM = "wheels-";

    private final Path home;
    private final ProcessRunner runner;
    private final WorkFiles work;

    SeedWheels(Path home, ProcessRunner runner, WorkFiles work) {
        this.home = home;
        this.runner = runner;
        this.work = work;
    }

    /** Upgrades the venv of {@code python} to {@code requirements}, from the home's wheels of them (fetched on first use). */
    void seed(Path python, Path sitePackages, List<Requirement> requirements, PackageSources sources, Duration timeout,
            Cancellation cancellation) {
        List<String> texts = requirements.stream().map(Requirement::text).toList();
        Path wheels = wheels(python, sitePackages, texts, sources, timeout, cancellation);
        List<String> argv = new ArrayList<>(List.of(python.toString(), "-m", "pip", "install", "--disable-pip-version-check", "--no-input",
                "--progress-bar", "off", "--upgrade", "--no-index", "--find-links", wheels.toString()));
        argv.addAll(texts);
        ProcessResult result = runner.run(ProcessSpec.of(argv).withTimeout(timeout), cancellation);
        if (!result.ok()) {
            throw new PackagesException(PackagesException.Reason.INSTALL_FAILED, String.join(", ", texts), "Cannot install the seed packages "
                    + String.join(", ", texts) + " from " + wheels + ": " + Secrets.mask(InstallerOutput.errorLines(result.stderr())));
        }
    }

    /** The home's wheels of this choice for this Python, downloaded under the seed lock when absent. */
    private Path wheels(Path python, Path sitePackages, List<String> texts, PackageSources sources, Duration timeout,
            Cancellation cancellation) {
        // lib/python3.13/site-packages: one set per Python version (a list may name packages with compiled wheels).
        Path versionDir = sitePackages.getParent();
        String pythonVersion = versionDir != null && versionDir.getFileName().toString().startsWith("python")
                ? versionDir.getFileName().toString() : python.toAbsolutePath().normalize().toString();
        // The index goes into the digest only, so that no credential is ever part of a file name.
        String key = Digests.shortHex(pythonVersion + "\u0000" + String.join("\u0000", texts) + "\u0000" + sources);
        HomeLayout layout = HomeLayout.of(home);
        Path wheels = layout.cache(HomeLayout.Cache.SEED).resolve(STEM + key);
        if (Files.isDirectory(wheels)) {
            return wheels;
        }
        try (InterProcessLock ignored = InterProcessLock.acquire(layout.lockFor(HomeLayout.LockKind.SEED, STEM + key), cancellation)) {
            if (Files.isDirectory(wheels)) {
                return wheels; // another process fetched them while we waited
            }
            Path stage = work.directory();
            try {
                download(python, texts, sources, stage, timeout, cancellation);
                Files.createDirectories(wheels.getParent());
                try {
                    Files.move(stage, wheels, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(stage, wheels);
                }
            } finally {
                WorkFiles.delete(stage);
            }
            return wheels;
        } catch (IOException e) {
            throw new PackagesException(PackagesException.Reason.HOME_UNWRITABLE, wheels.toString(), "Cannot keep the seed packages in "
                    + wheels + ": " + e.getMessage() + ".", e);
        }
    }

    private void download(Path python, List<String> texts, PackageSources sources, Path into, Duration timeout, Cancellation cancellation) {
        List<String> argv = new ArrayList<>(List.of(python.toString(), "-m", "pip", "download", "--disable-pip-version-check", "--no-input",
                "--progress-bar", "off", "--only-binary=:all:", "--dest", into.toString()));
        InstallerSources forPip = PipInstaller.sources(sources, python);
        argv.addAll(forPip.arguments());
        argv.addAll(texts);
        ProcessResult result = runner.run(ProcessSpec.of(argv).withEnvironment(forPip.environment()).withTimeout(timeout), cancellation);
        if (!result.ok()) {
            throw new PackagesException(PackagesException.Reason.INSTALL_FAILED, String.join(", ", texts), "Cannot download the seed packages "
                    + String.join(", ", texts) + " for the new venv: " + Secrets.mask(InstallerOutput.errorLines(result.stderr())));
        }
    }
}
