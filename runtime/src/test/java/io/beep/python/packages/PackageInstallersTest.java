package io.beep.python.packages;

import io.beep.python.InstallResult;
import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.ChildCommandLines;
import io.beep.python.testing.ProcessCounter;
import io.beep.python.testing.LoopbackPackageIndex;
import io.beep.python.testing.WheelBuilder;
import io.beep.python.packages.lock.LockFile;
import io.beep.python.packages.lock.LockReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pip path against a loopback index serving wheels built by the test: real venvs, real pip. */
class PackageInstallersTest {

    @TempDir
    Path dir;

    LoopbackPackageIndex index;
    ProcessCounter processes;
    ProcessRunner runner;
    PackageInstallers installers;
    TestVenv venv;

    @BeforeEach
    void setUp() {
        venv = TestVenv.ours(dir.resolve("venv"));
        index = LoopbackPackageIndex.start();
        index.add(WheelBuilder.wheel("alpha", "1.0").requires("beta>=2", "gamma"),
                WheelBuilder.wheel("beta", "1.0"), WheelBuilder.wheel("beta", "2.1"),
                WheelBuilder.wheel("gamma", "0.3"), WheelBuilder.wheel("delta", "4.0"),
                WheelBuilder.wheel("broken", "1.0").requires("gamma").failing());
        processes = new ProcessCounter();
        runner = processes.runner();
        installers = new PackageInstallers(dir.resolve("home"), runner);
    }

    @AfterEach
    void tearDown() throws IOException {
        index.close();
        // The snapshot of a successful install is deleted in the background; @TempDir must not race it.
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> {
            try (Stream<Path> entries = Files.list(dir)) {
                return entries.noneMatch(p -> p.getFileName().toString().startsWith(".beep-python-rollback-"));
            }
        });
    }

    @Test
    void installsTheWholeSetWithOneInstallerRunAndReportsWhatChanged() {
        InstallResult result = install("alpha", "delta");
        assertThat(processes.count()).isEqualTo(1);
        assertThat(result.installer()).isEqualTo("pip");
        assertThat(result.skipped()).isFalse();
        assertThat(result.installed()).containsExactlyInAnyOrderEntriesOf(Map.of("alpha", "1.0", "beta", "2.1", "gamma", "0.3", "delta", "4.0"));
        assertThat(result.warnings()).isEmpty();
        assertThat(venv.exec("import alpha, beta, gamma, delta; print(beta.__version__)").stdout().strip()).isEqualTo("2.1");
        assertThat(installers.installed(venv.sitePackages())).containsEntry("alpha", "1.0").containsKey("pip");
    }

    @Test
    void aSatisfiedInstallStartsNoProcess() {
        install("alpha", "delta");
        long before = processes.count();
        index.clearRequests();
        InstallResult again = install("alpha>=1", "Delta==4.0", "beta>=2", "gamma; python_version < '3'");
        assertThat(again.skipped()).isTrue();
        assertThat(again.installer()).isEqualTo("none");
        assertThat(processes.count()).isEqualTo(before);
        assertThat(index.requests()).isEmpty();
        assertThat(installers.satisfied(venv.python(), venv.sitePackages(), List.of(Requirement.parse("beta>=3")))).isFalse();
    }

    @Test
    void aFailedInstallRollsTheEnvironmentBackExactly() throws IOException {
        install("beta==1.0");
        Map<String, String> before = tree(venv.root());
        assertThatThrownBy(() -> install("delta", "beta==2.1", "broken"))
                .isInstanceOfSatisfying(InstallFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(PackagesException.Reason.INSTALL_FAILED);
                    assertThat(e.input().orElseThrow()).contains("broken");
                    assertThat(e.rolledBack()).isTrue();
                    assertThat(e.installer()).isEqualTo("pip");
                })
                .hasMessageContaining("pip could not install").hasMessageContaining("broken")
                .hasMessageContaining("rolled back");
        assertThat(tree(venv.root())).isEqualTo(before);
        assertThat(installers.installed(venv.sitePackages())).containsEntry("beta", "1.0").doesNotContainKeys("delta", "gamma", "broken");
    }

    @Test
    void aVersionConflictFailsBeforeChangingAnything() throws IOException {
        Map<String, String> before = tree(venv.root());
        assertThatThrownBy(() -> install("alpha", "beta<2"))
                .isInstanceOf(InstallFailedException.class).hasMessageContaining("alpha").hasMessageContaining("beta<2");
        assertThat(tree(venv.root())).isEqualTo(before);
    }

    @Test
    void offlineInstallsFromFindLinksAndNeverTouchesTheIndex() {
        Path wheels = dir.resolve("wheels");
        WheelBuilder.wheel("delta", "4.0").writeTo(wheels);
        PackageSources offline = new PackageSources(Optional.of(index.url()), List.of(index.url()), List.of(wheels.toString()), true);
        InstallResult result = installers.install(venv.python(), venv.sitePackages(), List.of(Requirement.parse("delta")), InstallerKind.PIP,
                offline, Duration.ofMinutes(2), Cancellation.none());
        assertThat(result.installed()).containsEntry("delta", "4.0");
        assertThat(index.requests()).isEmpty();
        assertThatThrownBy(() -> installers.install(venv.python(), venv.sitePackages(), List.of(Requirement.parse("gamma")), InstallerKind.AUTO,
                offline, Duration.ofMinutes(2), Cancellation.none())).isInstanceOf(InstallFailedException.class).hasMessageContaining("gamma");
        assertThat(index.requests()).isEmpty();
        assertThat(installers.uvBinary()).isEmpty();
    }

    @Test
    void theLockFileRecordsVersionsAndHashesAndReproducesThem() throws IOException {
        install("alpha");
        Path lock = PackageInstallers.lockFile(venv.python()).orElseThrow();
        String text = Files.readString(lock);
        assertThat(text).contains("lock-version").contains("alpha").contains("2.1")
                .contains(WheelBuilder.sha256Hex(WheelBuilder.wheel("beta", "2.1").build()));

        // A newer beta appears; installing from the lock into a fresh venv still gives 2.1.
        index.add(WheelBuilder.wheel("beta", "2.2"));
        TestVenv fresh = TestVenv.ours(dir.resolve("fresh"));
        InstallResult result = installers.installFile(fresh.python(), fresh.sitePackages(), lock, InstallerKind.PIP, sources(),
                Duration.ofMinutes(2), Cancellation.none());
        assertThat(result.installed()).containsEntry("alpha", "1.0").containsEntry("beta", "2.1").containsEntry("gamma", "0.3");
        long started = processes.count();
        assertThat(installers.installFile(fresh.python(), fresh.sitePackages(), lock, InstallerKind.PIP, sources(), Duration.ofMinutes(2),
                Cancellation.none()).skipped()).isTrue();
        assertThat(processes.count()).isEqualTo(started);
        assertThat(LockFile.read(lock)).extracting(LockFile.Package::name).containsExactly("alpha", "beta", "gamma");
    }

    @Test
    void writeLockRebuildsAMissingLockWithSourcesAndHashesWithoutChangingTheEnvironment() throws IOException {
        install("alpha");
        Path lock = PackageInstallers.lockFile(venv.python()).orElseThrow();
        Files.delete(lock);
        Map<String, String> before = installers.installed(venv.sitePackages());

        LockReport report = installers.writeLock(venv.python(), venv.sitePackages(), InstallerKind.PIP, sources(), Duration.ofMinutes(2),
                Cancellation.none());

        assertThat(report.file()).isEqualTo(lock);
        assertThat(installers.installed(venv.sitePackages())).isEqualTo(before);
        Map<String, String> hashes = new TreeMap<>();
        LockFile.read(lock).forEach(p -> hashes.put(p.name() + "==" + p.version(),
                p.artifacts().isEmpty() ? "" : p.artifacts().get(0).hashes().getOrDefault("sha256", "")));
        assertThat(hashes).containsEntry("alpha==1.0", WheelBuilder.sha256Hex(WheelBuilder.wheel("alpha", "1.0").requires("beta>=2", "gamma").build()))
                .containsEntry("beta==2.1", WheelBuilder.sha256Hex(WheelBuilder.wheel("beta", "2.1").build()))
                .containsEntry("gamma==0.3", WheelBuilder.sha256Hex(WheelBuilder.wheel("gamma", "0.3").build()));
        assertThat(report.withoutHashes()).doesNotContain("alpha", "beta", "gamma");

        // A lock that is up to date is rewritten from itself: nothing is asked of the index.
        index.clearRequests();
        LockReport again = installers.writeLock(venv.python(), venv.sitePackages(), InstallerKind.PIP, sources(), Duration.ofMinutes(2),
                Cancellation.none());
        assertThat(again.refreshed()).isEqualTo(report.withoutHashes().size());
        assertThat(index.requestedFiles()).isEmpty();

        assertThatThrownBy(() -> installers.writeLock(dir.resolve("nowhere/bin/python"), venv.sitePackages(), InstallerKind.PIP, sources(),
                Duration.ofMinutes(1), Cancellation.none())).isInstanceOf(PackagesException.class).hasMessageContaining("nowhere");
    }

    @Test
    void writeLockRecordsADistributionWithGarbageMetadataByItsDirectoryNameAndSaysSo() throws IOException {
        index.add(WheelBuilder.wheel("six", "1.16.0"));
        install("six", "delta");
        Path metadata = venv.sitePackages().resolve("six-1.16.0.dist-info/METADATA");
        Files.write(metadata, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, '\n', 'g', 'a', 'r', 'b', 'a', 'g', 'e'});
        assertThat(venv.exec("import six; print('imported')").stdout()).contains("imported");
        Path lock = PackageInstallers.lockFile(venv.python()).orElseThrow();
        Files.delete(lock);

        LockReport report = installers.writeLock(venv.python(), venv.sitePackages(), InstallerKind.PIP, sources(), Duration.ofMinutes(2),
                Cancellation.none());

        Map<String, String> locked = new TreeMap<>();
        LockFile.read(lock).forEach(p -> locked.put(p.name(), p.version()));
        assertThat(locked).containsEntry("six", "1.16.0").containsEntry("delta", "4.0");
        assertThat(report.warnings()).singleElement().asString().contains(metadata.toString()).contains("six 1.16.0")
                .contains("directory name");
        // The index still knows it: the entry has its source and hash, like any other.
        assertThat(report.withoutHashes()).doesNotContain("six");
    }

    @Test
    void aTamperedLockIsRefused() throws IOException {
        install("delta");
        Path lock = PackageInstallers.lockFile(venv.python()).orElseThrow();
        String good = WheelBuilder.sha256Hex(WheelBuilder.wheel("delta", "4.0").build());
        Path tampered = dir.resolve("pylock.toml");
        Files.writeString(tampered, Files.readString(lock).replace(good, "0".repeat(64)));
        TestVenv fresh = TestVenv.ours(dir.resolve("fresh"));
        assertThatThrownBy(() -> installers.installFile(fresh.python(), fresh.sitePackages(), tampered, InstallerKind.PIP, sources(),
                Duration.ofMinutes(2), Cancellation.none())).hasMessageContaining("delta==4.0");
        assertThat(installers.installed(fresh.sitePackages())).doesNotContainKey("delta");
    }

    @Test
    void requirementsTxtIsValidatedAndInstalled() throws IOException {
        Path base = Files.writeString(dir.resolve("base.txt"), "gamma==0.3  # pinned\n");
        Path file = Files.writeString(dir.resolve("requirements.txt"), "# app\n-r base.txt\ndelta>=4 \\\n  ; python_version >= '3.8'\n\n");
        InstallResult result = installers.installFile(venv.python(), venv.sitePackages(), file, InstallerKind.PIP, sources(),
                Duration.ofMinutes(2), Cancellation.none());
        assertThat(result.installed()).containsEntry("gamma", "0.3").containsEntry("delta", "4.0");
        long started = processes.count();
        assertThat(installers.installFile(venv.python(), venv.sitePackages(), file, InstallerKind.PIP, sources(), Duration.ofMinutes(2),
                Cancellation.none()).skipped()).isTrue();
        assertThat(processes.count()).isEqualTo(started);

        Path bad = Files.writeString(dir.resolve("bad.txt"), "delta\nnumpy>=\n");
        assertThatThrownBy(() -> installers.installFile(venv.python(), venv.sitePackages(), bad, InstallerKind.PIP, sources(),
                Duration.ofMinutes(2), Cancellation.none())).hasMessageContaining("bad.txt line 2").hasMessageContaining("'numpy>='");
        assertThat(processes.count()).isEqualTo(started);
    }

    @Test
    void brokenDependenciesAreReportedAsWarnings() {
        install("alpha");
        assertThat(venv.pip("install", "--no-deps", "--index-url", index.url(), "beta==1.0").ok()).isTrue();
        InstallResult result = install("delta");
        assertThat(result.warnings()).containsExactly("alpha 1.0 has requirement beta>=2, but you have beta 1.0.");
    }

    @Test
    void credentialsInTheIndexUrlNeverReachErrorsResultsOrTheLock() throws IOException {
        index.requireBasicAuth("deploy", "s3cr3t-t0ken");
        PackageSources secret = new PackageSources(Optional.of(index.url("deploy", "s3cr3t-t0ken")), List.of(), List.of(), false);
        InstallResult ok = installers.install(venv.python(), venv.sitePackages(), List.of(Requirement.parse("delta")), InstallerKind.PIP,
                secret, Duration.ofMinutes(2), Cancellation.none());
        assertThat(ok.toString()).doesNotContain("s3cr3t-t0ken");
        assertThat(Files.readString(PackageInstallers.lockFile(venv.python()).orElseThrow())).doesNotContain("s3cr3t-t0ken").contains("delta");
        InstallResult direct = installers.install(venv.python(), venv.sitePackages(), List.of(Requirement.parse(
                "gamma @ http://deploy:s3cr3t-t0ken@127.0.0.1:" + index.port() + "/files/gamma-0.3-py3-none-any.whl")), InstallerKind.PIP, secret,
                Duration.ofMinutes(2), Cancellation.none());
        assertThat(direct.installed()).containsEntry("gamma", "0.3");
        assertThat(direct.toString()).doesNotContain("s3cr3t-t0ken");
        assertThat(Files.readString(PackageInstallers.lockFile(venv.python()).orElseThrow())).doesNotContain("s3cr3t-t0ken").contains("gamma");

        PackageSources wrong = new PackageSources(Optional.of(index.url("deploy", "wr0ng-t0ken")), List.of(), List.of(), false);
        assertThatThrownBy(() -> installers.install(venv.python(), venv.sitePackages(), List.of(Requirement.parse("beta")), InstallerKind.PIP,
                wrong, Duration.ofMinutes(2), Cancellation.none()))
                .isInstanceOfSatisfying(InstallFailedException.class, e -> {
                    assertThat(e.getMessage()).doesNotContain("wr0ng-t0ken");
                    assertThat(e.input().orElse("")).doesNotContain("wr0ng-t0ken");
                    Throwable cause = e.getCause();
                    while (cause != null) {
                        assertThat(String.valueOf(cause.getMessage())).doesNotContain("wr0ng-t0ken");
                        cause = cause.getCause();
                    }
                });
        assertThatThrownBy(() -> installers.install(venv.python(), venv.sitePackages(),
                List.of(Requirement.parse("beta @ http://u:p4ss@127.0.0.1:" + index.port() + "/files/nope.whl")), InstallerKind.PIP, sources(),
                Duration.ofMinutes(2), Cancellation.none())).satisfies(e -> assertThat(e.getMessage()).doesNotContain("p4ss"));
    }

    @Test
    void credentialsInIndexUrlsAndRequirementsNeverReachPipsCommandLine() {
        String secret = "s3cret-not-for-ps";
        index.requireBasicAuth("deploy", secret);
        ChildCommandLines children = ChildCommandLines.start();
        Path tmp = dir.resolve("home/tmp");
        Map<String, String> requirementFiles = new java.util.concurrent.ConcurrentHashMap<>();
        Runnable look = () -> {
            children.sample(); // while pip waits for the answer, as `ps` would see it
            try (Stream<Path> files = Files.walk(tmp)) {
                files.filter(f -> f.getFileName().toString().startsWith("requirements-")).forEach(f -> {
                    try {
                        requirementFiles.put(f.toString(), java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
                    } catch (IOException e) {
                        // gone between listing and reading
                    }
                });
            } catch (IOException | java.io.UncheckedIOException e) {
                // the run's directory was removed meanwhile
            }
        };
        index.onRequest(look);
        try (LoopbackPackageIndex extra = LoopbackPackageIndex.start()) {
            extra.requireBasicAuth("deploy", secret + "-extra").add(WheelBuilder.wheel("epsilon", "1.0")).onRequest(look);
            PackageSources sources = new PackageSources(Optional.of(index.url("deploy", secret)), List.of(extra.url("deploy", secret + "-extra")),
                    List.of(), false);
            InstallResult result = installers.install(venv.python(), venv.sitePackages(), List.of(Requirement.parse("delta"),
                    Requirement.parse("epsilon"), Requirement.parse("gamma @ http://deploy:" + secret + "@127.0.0.1:" + index.port()
                            + "/files/gamma-0.3-py3-none-any.whl")), InstallerKind.PIP, sources, Duration.ofMinutes(2), Cancellation.none());
            assertThat(result.installed()).containsKeys("delta", "epsilon", "gamma");
        }
        assertThat(children.seen()).as("pip's command line, read while it asked the index").anyMatch(line -> line.contains("-m pip install"));
        assertThat(children.containing(secret)).as("command lines holding the credentials").isEmpty();
        // The requirement with credentials went through a file its owner alone can read, gone after the run.
        assertThat(requirementFiles).as("requirements files seen during the run").isNotEmpty().allSatisfy((file, mode) -> {
            assertThat(mode).isEqualTo("rw-------");
            assertThat(Path.of(file)).doesNotExist();
        });
    }

    @Test
    void anIndexThatCannotBeReachedIsNamedMaskedWithTheReasonNotReportedAsAMissingPackage() throws IOException {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String url = "http://deploy:s3cr3t-t0ken@127.0.0.1:" + closed + "/simple";
        PackageSources unreachable = new PackageSources(Optional.of(url), List.of(), List.of(), false);
        Map<String, InstalledDistribution> before = SitePackages.read(venv.sitePackages());
        assertThatThrownBy(() -> installers.install(venv.python(), venv.sitePackages(), List.of(Requirement.parse("delta")),
                InstallerKind.PIP, unreachable, Duration.ofMinutes(2), Cancellation.none()))
                .isInstanceOfSatisfying(InstallFailedException.class, e -> assertThat(e.getMessage())
                        .contains("The package index http://***@127.0.0.1:" + closed + "/simple could not be reached")
                        .contains("Connection refused")
                        .contains("delta")
                        .doesNotContain("s3cr3t-t0ken"));
        assertThat(SitePackages.read(venv.sitePackages()).keySet()).isEqualTo(before.keySet());
    }

    @Test
    void withoutPipsRetryWarningsTheIndexIsProbedToTellUnreachableFromMissing() throws IOException {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String pipSays = "ERROR: Could not find a version that satisfies the requirement demo (from versions: none)";
        PackageSources down = new PackageSources(Optional.of("http://u:pw@127.0.0.1:" + closed + "/simple"), List.of(), List.of(), false);
        assertThat(UnreachableIndex.explain(pipSays, down)).hasValueSatisfying(line -> assertThat(line)
                .contains("http://***@127.0.0.1:" + closed + "/simple").contains("connection refused").doesNotContain("pw"));
        PackageSources up = new PackageSources(Optional.of(index.url()), List.of(), List.of(), false);
        assertThat(UnreachableIndex.explain(pipSays, up)).as("an index that answers: the package is really missing").isEmpty();
        assertThat(UnreachableIndex.explain(pipSays, new PackageSources(Optional.empty(), List.of(), List.of(), true))).isEmpty();
    }

    @Test
    void autoFallsBackToPipWhenUvCannotBeFetchedAndDoesNotAskAgainAtOnce() {
        // The loopback index serves no uv wheel.
        InstallResult result = installers.install(venv.python(), venv.sitePackages(), List.of(Requirement.parse("delta")), InstallerKind.AUTO,
                sources(), Duration.ofMinutes(2), Cancellation.none());
        assertThat(result.installer()).isEqualTo("pip");
        assertThat(result.installed()).containsEntry("delta", "4.0");
        assertThat(result.warnings()).isEmpty();
        assertThat(index.requests()).contains("/simple/uv/");
        index.clearRequests();
        InstallResult again = installers.install(venv.python(), venv.sitePackages(), List.of(Requirement.parse("gamma")), InstallerKind.AUTO,
                sources(), Duration.ofMinutes(2), Cancellation.none());
        assertThat(again.installer()).isEqualTo("pip");
        assertThat(index.requests()).doesNotContain("/simple/uv/");
        assertThatThrownBy(() -> installers.install(venv.python(), venv.sitePackages(), List.of(Requirement.parse("beta")), InstallerKind.UV,
                sources(), Duration.ofMinutes(2), Cancellation.none()))
                .isInstanceOfSatisfying(PackagesException.class, e -> assertThat(e.reason()).isEqualTo(PackagesException.Reason.UV_UNAVAILABLE))
                .hasMessageContaining("uv").hasMessageContaining("install with pip");
    }

    @Test
    void concurrentInstallsIntoOneEnvironmentAreSerialized() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(() -> install("alpha"));
            var second = pool.submit(() -> install("delta"));
            first.get();
            second.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(installers.installed(venv.sitePackages())).containsKeys("alpha", "beta", "gamma", "delta");
        assertThat(installers.consistencyProblems(venv.python(), venv.sitePackages())).isEmpty();
        assertThat(LockFile.read(PackageInstallers.lockFile(venv.python()).orElseThrow())).extracting(LockFile.Package::name)
                .contains("alpha", "beta", "gamma", "delta");
    }

    @Test
    void nothingRequestedIsNothingToDo() {
        assertThat(installers.install(venv.python(), venv.sitePackages(), List.of(), InstallerKind.AUTO, sources(), Duration.ofMinutes(1),
                Cancellation.none()).skipped()).isTrue();
        assertThat(processes.count()).isZero();
    }

    private InstallResult install(String... requirements) {
        return installers.install(venv.python(), venv.sitePackages(), Stream.of(requirements).map(Requirement::parse).toList(), InstallerKind.PIP,
                sources(), Duration.ofMinutes(2), Cancellation.none());
    }

    private PackageSources sources() {
        return new PackageSources(Optional.of(index.url()), List.of(), List.of(), false);
    }

    /** Every file and link under {@code root} with a content hash, skipping bytecode caches. */
    static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String rel = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    tree.put(rel, "-> " + Files.readSymbolicLink(p));
                } else if (Files.isRegularFile(p)) {
                    tree.put(rel, sha(p));
                } else {
                    tree.put(rel + "/", "dir");
                }
            }
        }
        return tree;
    }

    private static String sha(Path p) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
