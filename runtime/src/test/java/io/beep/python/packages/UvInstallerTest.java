package io.beep.python.packages;

import io.beep.python.InstallResult;
import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.ChildCommandLines;
import io.beep.python.testing.ProcessCounter;
import io.beep.python.testing.LoopbackPackageIndex;
import io.beep.python.testing.WheelBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The uv path: uv is fetched as a wheel from the (loopback) index into {@code ${home}/tools/},
 * verified, and used as {@code uv pip install --python <venv python>}.
 */
class UvInstallerTest {

    @TempDir
    Path dir;

    LoopbackPackageIndex index;
    ProcessCounter processes;
    ProcessRunner runner;
    PackageInstallers installers;
    TestVenv venv;
    Path home;

    @BeforeEach
    void setUp() {
        Path uvWheel = UvWheel.get();
        venv = TestVenv.ours(dir.resolve("venv"));
        index = LoopbackPackageIndex.start();
        index.add(uvWheel);
        index.add(WheelBuilder.wheel("alpha", "1.0").requires("beta>=2", "gamma"),
                WheelBuilder.wheel("beta", "1.0"), WheelBuilder.wheel("beta", "2.1"),
                WheelBuilder.wheel("gamma", "0.3"), WheelBuilder.wheel("delta", "4.0"),
                WheelBuilder.wheel("broken", "1.0").requires("gamma").failing(WheelBuilder.Failure.UNSUPPORTED_WHEEL_VERSION));
        processes = new ProcessCounter();
        runner = processes.runner();
        home = dir.resolve("home");
        installers = new PackageInstallers(home, runner);
    }

    @AfterEach
    void tearDown() {
        // Every environment a test made may still have a lock being written; the temp dir goes next.
        installers.awaitBackgroundWork(Duration.ofMinutes(1));
        index.close();
    }

    @Test
    void autoFetchesUvOnceFromTheIndexAndInstallsWithIt() {
        InstallResult result = install(InstallerKind.AUTO, "alpha", "delta");
        assertThat(result.installer()).isEqualTo("uv");
        assertThat(result.installed()).containsExactlyInAnyOrderEntriesOf(Map.of("alpha", "1.0", "beta", "2.1", "gamma", "0.3", "delta", "4.0"));
        assertThat(installers.uvBinary()).get().satisfies(p -> assertThat(p.startsWith(home.resolve("tools/uv"))).isTrue());
        assertThat(index.requestedFiles()).filteredOn(f -> f.startsWith("uv-")).hasSize(1);
        assertThat(venv.exec("import alpha, beta; print(beta.__version__)").stdout().strip()).isEqualTo("2.1");

        // uv is fetched once: a second environment uses the same binary.
        TestVenv other = TestVenv.ours(dir.resolve("other"));
        index.clearRequests();
        InstallResult second = installers.install(other.python(), other.sitePackages(), List.of(Requirement.parse("delta")), InstallerKind.AUTO,
                sources(), Duration.ofMinutes(2), Cancellation.none());
        assertThat(second.installer()).isEqualTo("uv");
        assertThat(index.requestedFiles()).noneMatch(f -> f.startsWith("uv-"));
    }

    @Test
    void credentialsInIndexUrlsAndRequirementsNeverReachTheCommandLinesOfUvOrItsFetch() {
        String secret = "s3cret-not-for-ps";
        index.requireBasicAuth("deploy", secret);
        ChildCommandLines children = ChildCommandLines.start();
        index.onRequest(children::sample); // while the child waits for the answer, as `ps` would see it
        try (LoopbackPackageIndex extra = LoopbackPackageIndex.start()) {
            extra.requireBasicAuth("deploy", secret + "-extra").add(WheelBuilder.wheel("epsilon", "1.0")).onRequest(children::sample);
            PackageSources sources = new PackageSources(Optional.of(index.url("deploy", secret)), List.of(extra.url("deploy", secret + "-extra")),
                    List.of(), false);
            InstallResult result = installers.install(venv.python(), venv.sitePackages(), List.of(Requirement.parse("delta"),
                    Requirement.parse("epsilon"), Requirement.parse("gamma @ http://deploy:" + secret + "@127.0.0.1:" + index.port()
                            + "/files/gamma-0.3-py3-none-any.whl")), InstallerKind.UV, sources, Duration.ofMinutes(3), Cancellation.none());
            assertThat(result.installer()).isEqualTo("uv");
            assertThat(result.installed()).containsKeys("delta", "epsilon", "gamma");
            installers.awaitLockFile(venv.python(), Duration.ofMinutes(1)); // the lock's hashes: uv pip compile, against the same indexes
        }
        assertThat(children.seen()).as("the fetch of uv, read while it asked the index").anyMatch(line -> line.contains("-m pip download"));
        assertThat(children.seen()).as("uv's command line, read while it asked the index").anyMatch(line -> line.contains("uv pip install"));
        assertThat(children.containing(secret)).as("command lines holding the credentials").isEmpty();
    }

    @Test
    void anIndexAnsweringAServerErrorIsReportedWithUvsCauseNotOnlyItsRetries() {
        install(InstallerKind.UV, "gamma"); // fetches uv while the index still works
        index.answerEverythingWith(501);
        assertThatThrownBy(() -> install(InstallerKind.UV, "delta"))
                .isInstanceOf(InstallFailedException.class).hasMessageContaining("uv could not install delta")
                .hasMessageContaining("Request failed after").hasMessageContaining("501 Not Implemented")
                .hasMessageContaining("/simple/delta/");
    }

    @Test
    void uvInstallsAreSkippedWhenSatisfiedAndLocked() throws IOException {
        install(InstallerKind.UV, "alpha");
        installers.awaitLockFile(venv.python(), Duration.ofMinutes(1)); // the lock's hashes come from a background uv run
        long started = processes.count();
        assertThat(install(InstallerKind.UV, "alpha", "beta>=2").skipped()).isTrue();
        assertThat(processes.count()).isEqualTo(started);
        String lock = Files.readString(installers.awaitLockFile(venv.python(), Duration.ofMinutes(1)).orElseThrow());
        assertThat(lock).contains("alpha").contains(WheelBuilder.sha256Hex(WheelBuilder.wheel("beta", "2.1").build()));
    }

    @Test
    void aFailedUvInstallRollsBack() throws IOException {
        install(InstallerKind.UV, "beta==1.0");
        installers.awaitLockFile(venv.python(), Duration.ofMinutes(1));
        Map<String, String> before = PackageInstallersTest.tree(venv.root());
        assertThatThrownBy(() -> install(InstallerKind.UV, "delta", "beta==2.1", "broken"))
                .isInstanceOf(InstallFailedException.class).hasMessageContaining("uv could not install").hasMessageContaining("rolled back");
        assertThat(PackageInstallersTest.tree(venv.root())).isEqualTo(before);
    }

    @Test
    void uvOfflineUsesOnlyLocalWheels() {
        install(InstallerKind.UV, "gamma"); // fetches uv while online
        installers.awaitLockFile(venv.python(), Duration.ofMinutes(1));
        Path wheels = dir.resolve("wheels");
        WheelBuilder.wheel("delta", "4.0").writeTo(wheels);
        index.clearRequests();
        PackageSources offline = new PackageSources(Optional.of(index.url()), List.of(), List.of(wheels.toString()), true);
        InstallResult result = installers.install(venv.python(), venv.sitePackages(), List.of(Requirement.parse("delta")), InstallerKind.AUTO,
                offline, Duration.ofMinutes(2), Cancellation.none());
        assertThat(result.installer()).isEqualTo("uv");
        assertThat(result.installed()).containsEntry("delta", "4.0");
        assertThat(index.requests()).isEmpty();
    }

    @Test
    void lockFromUvReproducesWithPip() throws IOException {
        install(InstallerKind.UV, "alpha");
        index.add(WheelBuilder.wheel("beta", "2.2"));
        TestVenv fresh = TestVenv.ours(dir.resolve("fresh"));
        InstallResult result = installers.installFile(fresh.python(), fresh.sitePackages(), installers.awaitLockFile(venv.python(), Duration.ofMinutes(1)).orElseThrow(),
                InstallerKind.PIP, sources(), Duration.ofMinutes(2), Cancellation.none());
        assertThat(result.installed()).containsEntry("beta", "2.1").containsEntry("alpha", "1.0");
    }

    @Test
    void uvByteCompilesWhatItInstallsAsPipDoes() throws IOException {
        TestVenv withPip = TestVenv.ours(dir.resolve("with-pip"));
        installers.install(withPip.python(), withPip.sitePackages(), List.of(Requirement.parse("delta")), InstallerKind.PIP, sources(),
                Duration.ofMinutes(3), Cancellation.none());
        install(InstallerKind.UV, "delta");

        // Before anything imported it: the .pyc are the installer's.
        assertThat(compiled(withPip.sitePackages(), "delta")).as("pip's").isNotEmpty();
        assertThat(compiled(venv.sitePackages(), "delta")).as("uv's").isEqualTo(compiled(withPip.sitePackages(), "delta"));
        assertThat(venv.exec("import delta; print(delta.__cached__)").stdout().strip()).endsWith(".cpython-313.pyc");
    }

    /** The byte-code files below {@code sitePackages} whose module name starts with {@code module}, relative. */
    private static List<String> compiled(Path sitePackages, String module) throws IOException {
        try (Stream<Path> walk = Files.walk(sitePackages)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".pyc"))
                    .map(p -> sitePackages.relativize(p).toString())
                    .filter(p -> p.startsWith(module)).sorted().toList();
        }
    }

    @Test
    void uvReportsThePackagesItResolvedAndThenInstalledAsItSaysThem() {
        install(InstallerKind.UV, "delta"); // fetches uv, installs one package of its own
        List<InstallProgress> events = new java.util.concurrent.CopyOnWriteArrayList<>();

        installers.reportingTo(events::add, () -> install(InstallerKind.UV, "alpha"));

        // "Resolved 3 packages", then "Installed 3 packages": alpha, beta 2.1 and gamma, read from uv's own lines.
        assertThat(events).extracting(InstallProgress::itemsTotal).contains(3);
        assertThat(events.get(events.size() - 1)).satisfies(last -> {
            assertThat(last.itemsDone()).isEqualTo(3);
            assertThat(last.itemsTotal()).isEqualTo(3);
            assertThat(last.installing()).isTrue();
            assertThat(last.message()).startsWith("Installed 3 packages");
        });
        // Outside reportingTo nobody hears of it.
        events.clear();
        install(InstallerKind.UV, "beta==1.0");
        assertThat(events).isEmpty();
    }

    private InstallResult install(InstallerKind kind, String... requirements) {
        return installers.install(venv.python(), venv.sitePackages(), Stream.of(requirements).map(Requirement::parse).toList(), kind, sources(),
                Duration.ofMinutes(3), Cancellation.none());
    }

    private PackageSources sources() {
        return new PackageSources(Optional.of(index.url()), List.of(), List.of(), false);
    }
}
