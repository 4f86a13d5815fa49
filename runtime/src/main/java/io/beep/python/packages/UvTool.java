package io.beep.python.packages;

import io.beep.python.fs.HomeLayout;
import io.beep.python.fs.Platform;
import io.beep.python.ProcessResult;
import io.beep.python.Secrets;
import io.beep.python.fs.Digests;
import io.beep.python.fs.FileTrees;
import io.beep.python.process.Cancellation;
import io.beep.python.process.InterProcessLock;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.packages.pep508.Version;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The uv binary, kept in {@code ${home}/tools/uv/VERSION/uv}. It is fetched once as the {@code uv}
 * wheel from the configured package index (with the environment's pip, so pip's configuration,
 * mirrors and certificates apply, and pip checks the index's hash), then the binary is taken out of
 * the wheel and checked against the wheel's {@code RECORD} sha256 before it is moved into place
 * atomically, under a file lock so concurrent bootstraps fetch it once.
 */
final class UvTool {

    /** The uv wheel to fetch; uv keeps {@code uv pip install} stable across releases. */
    static final String REQUIREMENT = "uv";

    private static final Pattern WHEEL = Pattern.compile("uv-([^-]+)-.*\\.whl");

    private final Path tools;
    private final Path lockFile;
    private final ProcessRunner runner;

    UvTool(Path home, ProcessRunner runner) {
        this.tools = HomeLayout.of(home).uvTool();
        this.lockFile = HomeLayout.of(home).uvLock();
        this.runner = runner;
    }

    /** How long an index that could not provide uv is left alone by {@code installer=auto}. */
    static final java.time.Duration RETRY_AFTER = java.time.Duration.ofHours(24);

    /** True when fetching uv failed less than {@link #RETRY_AFTER} ago (a marker file's time, no process). */
    boolean recentlyUnavailable() {
        Path marker = tools.resolve(".unavailable");
        try {
            return Files.exists(marker)
                    && Files.getLastModifiedTime(marker).toInstant().plus(RETRY_AFTER).isAfter(java.time.Instant.now());
        } catch (IOException e) {
            return false;
        }
    }

    /** Remembers that uv could not be fetched, so {@code installer=auto} uses pip without asking the index again for a while. */
    void markUnavailable() {
        try {
            Files.createDirectories(tools);
            Files.writeString(tools.resolve(".unavailable"), java.time.Instant.now() + "\n");
        } catch (IOException e) {
            // Then auto asks again next time; slower, not wrong.
        }
    }

    /** The newest uv already fetched, if any (a directory listing, no process). */
    Optional<Path> installed() {
        if (!Files.isDirectory(tools)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(tools)) {
            return versions.filter(d -> !d.getFileName().toString().startsWith("."))
                    .map(d -> d.resolve(binaryName()))
                    .filter(Files::isExecutable)
                    .max(Comparator.comparing(p -> Version.tryParse(p.getParent().getFileName().toString()).orElse(Version.parse("0"))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The uv binary, fetching it first when absent; an error at INSTALLING_PACKAGES when it cannot be had. */
    Path ensure(Path python, PackageSources sources, Duration timeout, Cancellation cancellation) {
        Optional<Path> present = installed();
        if (present.isPresent()) {
            return present.get();
        }
        if (sources.offline()) {
            throw new PackagesException(PackagesException.Reason.UV_UNAVAILABLE, "uv",
                    "uv is not in " + tools + " and offline mode forbids fetching it. Run once online, or install with pip.");
        }
        try (InterProcessLock ignored = InterProcessLock.acquire(lockFile, cancellation)) {
            Files.createDirectories(tools);
            present = installed(); // another process may have fetched it while we waited
            if (present.isPresent()) {
                return present.get();
            }
            return fetch(python, sources, timeout, cancellation);
        } catch (IOException e) {
            if (InstallerOutput.noSpaceLeft(String.valueOf(e.getMessage())).isPresent()) {
                throw noSpace(e.getMessage(), e);
            }
            throw new PackagesException(PackagesException.Reason.UV_UNAVAILABLE, "uv", "Cannot install uv into " + tools + ": "
                    + e.getMessage() + ". Check that the home directory is writable, or install with pip.", e);
        }
    }

    private Path fetch(Path python, PackageSources sources, Duration timeout, Cancellation cancellation) throws IOException {
        Path download = Files.createTempDirectory(tools, HomeLayout.Scratch.named(HomeLayout.Scratch.UV_DOWNLOAD));
        Path staging = null;
        try {
            List<String> argv = new ArrayList<>(List.of(python.toString(), "-m", "pip", "download", "--disable-pip-version-check",
                    "--no-input", "--progress-bar", "off", "--no-deps", "--only-binary=:all:", "--dest", download.toString()));
            InstallerSources forPip = PipInstaller.sources(sources, python);
            argv.addAll(forPip.arguments());
            argv.add(REQUIREMENT);
            ProcessResult result = runner.run(ProcessSpec.of(argv).withEnvironment(forPip.environment()).withTimeout(timeout), cancellation);
            if (!result.ok()) {
                Optional<String> full = InstallerOutput.noSpaceLeft(result.stdout() + "\n" + result.stderr());
                if (full.isPresent()) {
                    throw noSpace(full.get(), null);
                }
                throw new PackagesException(PackagesException.Reason.UV_UNAVAILABLE, "uv", "Cannot fetch the uv wheel from the package index: "
                        + Secrets.mask(InstallerOutput.errorLines(result.stderr())) + "; install with pip instead.");
            }
            Path wheel;
            try (Stream<Path> files = Files.list(download)) {
                wheel = files.filter(p -> WHEEL.matcher(p.getFileName().toString()).matches()).findFirst()
                        .orElseThrow(() -> new PackagesException(PackagesException.Reason.UV_UNAVAILABLE, "uv",
                                "pip downloaded no uv wheel for this platform; install with pip instead."));
            }
            Matcher m = WHEEL.matcher(wheel.getFileName().toString());
            m.matches();
            String version = m.group(1);
            staging = Files.createTempDirectory(tools, HomeLayout.Scratch.named(HomeLayout.Scratch.UV_STAGING));
            extractBinary(wheel, version, staging.resolve(binaryName()));
            Path target = tools.resolve(version);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staging, target);
            }
            staging = null;
            return target.resolve(binaryName());
        } finally {
            FileTrees.delete(download);
            if (staging != null) {
                FileTrees.delete(staging);
            }
        }
    }

    /**
     * A full disk under the home: not the index's fault, and not a reason to do without uv for a day as
     * {@link #markUnavailable} would; the home is what refused the file.
     */
    private PackagesException noSpace(String line, Throwable cause) {
        return new PackagesException(PackagesException.Reason.HOME_UNWRITABLE, tools.toString(), "No space left on the disk of " + tools
                + " to fetch uv into (" + Secrets.mask(line) + "). Free space there, or install with pip.", cause);
    }

    /** Copies {@code uv-VERSION.data/scripts/uv} out of the wheel, verifying it against RECORD. */
    static void extractBinary(Path wheel, String version, Path target) throws IOException {
        try (ZipFile zip = new ZipFile(wheel.toFile())) {
            String entryName = "uv-" + version + ".data/scripts/" + binaryName();
            ZipEntry entry = zip.getEntry(entryName);
            ZipEntry record = zip.getEntry("uv-" + version + ".dist-info/RECORD");
            if (entry == null || record == null) {
                throw new PackagesException(PackagesException.Reason.UV_UNAVAILABLE, wheel.getFileName().toString(),
                        "The uv wheel " + wheel.getFileName() + " has no " + entryName + " or no RECORD; it is not a uv wheel we know.");
            }
            String expected = expectedHash(new String(zip.getInputStream(record).readAllBytes(), StandardCharsets.UTF_8), entryName);
            MessageDigest digest = Digests.newDigest(Digests.SHA_256);
            try (InputStream in = new DigestInputStream(zip.getInputStream(entry), digest)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
            String actual = Base64.getUrlEncoder().withoutPadding().encodeToString(digest.digest());
            if (!actual.equals(expected)) {
                Files.deleteIfExists(target);
                throw new PackagesException(PackagesException.Reason.UV_UNAVAILABLE, wheel.getFileName().toString(),
                        "The uv binary in " + wheel.getFileName() + " does not match its RECORD hash; refusing to run it.");
            }
            if (!target.toFile().setExecutable(true, false)) {
                throw new IOException("cannot make " + target + " executable");
            }
        }
    }

    private static String expectedHash(String record, String entryName) {
        for (String line : record.split("\n")) {
            if (line.startsWith(entryName + ",sha256=")) {
                return line.substring(entryName.length() + ",sha256=".length()).split(",")[0].strip();
            }
        }
        throw new PackagesException(PackagesException.Reason.UV_UNAVAILABLE, entryName,
                "The uv wheel's RECORD has no sha256 for " + entryName + "; refusing to run an unverified binary.");
    }

    private static String binaryName() {
        return Platform.current().isWindows() ? "uv.exe" : "uv";
    }
}
