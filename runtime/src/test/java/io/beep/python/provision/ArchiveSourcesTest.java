package io.beep.python.provision;

import io.beep.python.ProcessResult;
import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.ProcessCounter;
import io.beep.python.process.ProcessSpec;
import io.beep.python.testing.LoopbackMavenRepository;
import io.beep.python.testing.TestPython;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The python-build-standalone and url sources, on archives re-packed from the real CPython jar. The jar cases: a
 * jar's interpreter is checked while the files a start never reads are still being written, and an answer that may
 * come from a tree not yet whole (a failure, or no pip seen) is not trusted: the check is made again once every file
 * is there (the real jar's own case, by Maven, is in {@link MavenProvisioningTest}).
 */
class ArchiveSourcesTest {

    static final String BUILD = "20990101";

    /** Exits 3 on its first run, and imports quietly after: the first (early) check fails, the second passes. */
    private static final String FAILS_ONCE = """
            import os
            marker = os.path.join(os.path.dirname(__file__), "first-start-seen")
            if not os.path.exists(marker):
                open(marker, "w").close()
                os._exit(3)
            """;

    @TempDir
    Path home;
    @TempDir
    Path work;

    final ProcessCounter counter = new ProcessCounter();
    final ProcessRunner runner = counter.runner();
    LoopbackMavenRepository server;

    @BeforeEach
    void start() {
        server = LoopbackMavenRepository.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void provisionsFromAPythonBuildStandaloneMirror() throws Exception {
        Path archive = RepackedPython.tarGz();
        String file = "cpython-3.13.5%2B" + BUILD + "-x86_64-unknown-linux-gnu-install_only_stripped.tar.gz";
        server.serve(BUILD + "/cpython-3.13.5+" + BUILD + "-x86_64-unknown-linux-gnu-install_only_stripped.tar.gz", archive);
        List<StandaloneCatalog.Entry> manifest = List.of(new StandaloneCatalog.Entry("3.13.5", "linux", "x86_64", "gnu",
                "install_only_stripped", BUILD, StandaloneCatalog.UPSTREAM + BUILD + "/" + file, LoopbackMavenRepository.sha256(archive)));
        PythonProvisioner provisioner = Fixtures.provisioner(home, runner, work.resolve("m2"), manifest);

        ProvisionedPython python = provisioner.provision(Fixtures.standalone("3.13", server.uri()), DownloadListener.none(),
                Cancellation.none());

        assertThat(python.installDir()).isEqualTo(home.resolve("embedded/cpython-3.13.5-linux-x86_64"));
        assertThat(python.executable()).isSymbolicLink();
        assertThat(Files.readSymbolicLink(python.executable())).isEqualTo(Path.of("python3.13"));
        ProcessResult result = runner.run(ProcessSpec.of(python.executable().toString(), "-c", "import sys; print(sys.prefix)"));
        assertThat(result.stdout().trim()).isEqualTo(python.installDir().toString());
        assertThat(home.resolve("cache").resolve(LoopbackMavenRepository.sha256(archive) + ".tar.gz")).isRegularFile();
    }

    @Test
    void provisionsATarZstFromAUrlAndFindsItAgainWithoutWork() throws Exception {
        Path archive = RepackedPython.tarZst();
        server.serve("python.tar.zst", archive);
        PythonProvisioner provisioner = Fixtures.provisioner(home, runner, work.resolve("m2"));
        ProvisionRequest request = Fixtures.url("3.13", server.uri("python.tar.zst"), LoopbackMavenRepository.sha256(archive));

        ProvisionedPython first = provisioner.provision(request, DownloadListener.none(), Cancellation.none());
        long processes = counter.count();
        ProvisionedPython second = provisioner.provision(request, DownloadListener.none(), Cancellation.none());

        assertThat(first.version()).isEqualTo("3.13.5");
        assertThat(first.downloaded()).isTrue();
        assertThat(second.downloaded()).isFalse();
        assertThat(second.executable()).isEqualTo(first.executable()).isExecutable();
        assertThat(counter.count()).isEqualTo(processes);
        assertThat(server.downloads("python.tar.zst")).isOne();
    }

    @Test
    void aBuildWithoutPipGetsItFromEnsurepipWithScriptsPointingAtTheFinalLocation() throws Exception {
        Path archive = RepackedPython.tarGzWithoutPip();
        server.serve("nopip.tar.gz", archive);

        ProvisionedPython python = Fixtures.provisioner(home, runner, work.resolve("m2")).provision(
                Fixtures.url("3.13.5", server.uri("nopip.tar.gz"), LoopbackMavenRepository.sha256(archive)), DownloadListener.none(),
                Cancellation.none());

        ProcessResult pip = runner.run(ProcessSpec.of(python.installDir().resolve("bin/pip3").toString(), "--version"));
        assertThat(pip.exitCode()).as(pip.stderr()).isZero();
        assertThat(pip.stdout()).contains(python.installDir().resolve("lib/python3.13/site-packages/pip").toString());
        assertThat(python.installDir().resolve("bin/pip3")).content().startsWith("#!" + python.executable() + "\n");
    }

    @Test
    void aUrlArchiveWithAnotherVersionThanRequestedIsRefused() throws Exception {
        Path archive = RepackedPython.tarGz();
        server.serve("python.tar.gz", archive);

        assertThatThrownBy(() -> Fixtures.provisioner(home, runner, work.resolve("m2")).provision(
                Fixtures.url("3.12", server.uri("python.tar.gz"), LoopbackMavenRepository.sha256(archive)), DownloadListener.none(),
                Cancellation.none())).isInstanceOfSatisfying(ProvisioningException.class, e -> assertThat(e.reason()).isEqualTo(ProvisioningException.Reason.VERSION_MISMATCH))
                .hasMessageContaining("contains Python 3.13.5, but Python 3.12 was asked for");
        assertThat(home.resolve("embedded")).isEmptyDirectory();
    }

    @Test
    void aUrlWithoutChecksumIsRefusedBeforeAnyDownload() {
        server.serve("python.tar.gz", TestPython.jar());

        assertThatThrownBy(() -> Fixtures.provisioner(home, runner, work.resolve("m2"))
                .provision(Fixtures.url("3.13", server.uri("python.tar.gz"), null), DownloadListener.none(), Cancellation.none()))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> assertThat(e.reason()).isEqualTo(ProvisioningException.Reason.MISSING_CHECKSUM)).hasMessageContaining("needs its SHA-256 checksum");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aUrlChecksumMismatchIsRefusedAndNothingIsKept() throws Exception {
        server.serve("python.tar.gz", RepackedPython.tarGz());
        String wrong = "0".repeat(64);

        assertThatThrownBy(() -> Fixtures.provisioner(home, runner, work.resolve("m2"))
                .provision(Fixtures.url("3.13", server.uri("python.tar.gz"), wrong), DownloadListener.none(), Cancellation.none()))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> assertThat(e.reason()).isEqualTo(ProvisioningException.Reason.CHECKSUM_MISMATCH))
                .hasMessageContaining("Checksum mismatch for " + server.uri("python.tar.gz")).hasMessageContaining(wrong);
        try (var files = Files.walk(home)) {
            assertThat(files.filter(Files::isRegularFile).filter(f -> !f.getParent().getFileName().toString().equals("locks"))).isEmpty();
        }
    }

    @Test
    void aTruncatedArchiveIsReportedAsDamagedAndNothingIsInstalled() throws Exception {
        byte[] whole = Files.readAllBytes(RepackedPython.tarGz());
        Path truncated = Files.write(work.resolve("truncated.tar.gz"), Arrays.copyOf(whole, whole.length / 3));
        server.serve("truncated.tar.gz", truncated);

        assertThatThrownBy(() -> Fixtures.provisioner(home, runner, work.resolve("m2")).provision(
                Fixtures.url("3.13", server.uri("truncated.tar.gz"), LoopbackMavenRepository.sha256(truncated)), DownloadListener.none(),
                Cancellation.none())).isInstanceOf(ProvisioningException.class).hasMessageContaining("damaged or truncated")
                .hasMessageContaining("removed from the cache");
        assertThat(home.resolve("embedded")).isEmptyDirectory();
        assertThat(home.resolve("cache").resolve(LoopbackMavenRepository.sha256(truncated) + ".tar.gz")).doesNotExist();
    }

    @Test
    void aZipSlipArchiveIsRefusedAndNothingLandsOutside() throws Exception {
        Path archive = HostileArchives.zipSlip(work.resolve("slip.zip"), "../../../escaped.txt");
        server.serve("slip.zip", archive);

        assertThatThrownBy(() -> Fixtures.provisioner(home, runner, work.resolve("m2")).provision(
                Fixtures.url("3", server.uri("slip.zip"), LoopbackMavenRepository.sha256(archive)), DownloadListener.none(),
                Cancellation.none())).isInstanceOf(ProvisioningException.class).hasMessageContaining("Refusing the archive")
                .hasMessageContaining("../../../escaped.txt");
        assertThat(home.resolve("escaped.txt")).doesNotExist();
        assertThat(home.getParent().resolve("escaped.txt")).doesNotExist();
        assertThat(home.resolve("embedded")).isEmptyDirectory();
    }

    @Test
    void aSymlinkEscapeArchiveIsRefused() throws Exception {
        Path outside = Files.createDirectories(work.resolve("outside"));
        Path archive = HostileArchives.symlinkEscape(work.resolve("link.tar.gz"), outside.toString());
        server.serve("link.tar.gz", archive);

        assertThatThrownBy(() -> Fixtures.provisioner(home, runner, work.resolve("m2")).provision(
                Fixtures.url("3", server.uri("link.tar.gz"), LoopbackMavenRepository.sha256(archive)), DownloadListener.none(),
                Cancellation.none())).isInstanceOf(ProvisioningException.class).hasMessageContaining("outside the target");
        assertThat(outside).isEmptyDirectory();
        assertThat(home.resolve("embedded")).isEmptyDirectory();
    }

    @Test
    void anInterpreterThatFailsOrCannotStartIsNotInstalled() throws Exception {
        Path failing = HostileArchives.fakeInterpreter(work.resolve("failing.tar.gz"), "#!/bin/sh\necho 'libssl.so.3: not found' >&2\nexit 3\n");
        Path garbage = HostileArchives.fakeInterpreter(work.resolve("garbage.tar.gz"), "this is no executable format\n");
        server.serve("failing.tar.gz", failing).serve("garbage.tar.gz", garbage);
        PythonProvisioner provisioner = Fixtures.provisioner(home, runner, work.resolve("m2"));

        assertThatThrownBy(() -> provisioner.provision(Fixtures.url("3", server.uri("failing.tar.gz"), LoopbackMavenRepository.sha256(failing)),
                DownloadListener.none(), Cancellation.none()))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> assertThat(e.reason()).isEqualTo(ProvisioningException.Reason.BROKEN_INTERPRETER))
                .hasMessageContaining("failed verification").hasMessageContaining("exit 3").hasMessageContaining("libssl.so.3: not found");
        assertThatThrownBy(() -> provisioner.provision(Fixtures.url("3", server.uri("garbage.tar.gz"), LoopbackMavenRepository.sha256(garbage)),
                DownloadListener.none(), Cancellation.none()))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> assertThat(e.reason()).isEqualTo(ProvisioningException.Reason.BROKEN_INTERPRETER))
                .hasMessageContaining("failed verification");
        assertThat(home.resolve("embedded")).isEmptyDirectory();
    }

    @Test
    void plainHttpToARemoteHostIsRefusedUnlessAllowed() {
        URI remote = URI.create("http://downloads.example.com/python.tar.gz");

        assertThatThrownBy(() -> Fixtures.provisioner(home, runner, work.resolve("m2"))
                .provision(Fixtures.url("3.13", remote, "a".repeat(64)), DownloadListener.none(), Cancellation.none()))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> assertThat(e.reason()).isEqualTo(ProvisioningException.Reason.INSECURE_URL)).hasMessageContaining("must use HTTPS")
                .hasMessageContaining("unless insecure HTTP is allowed");
    }

    @Test
    void aCheckThatFailsBeforeEveryFileIsWrittenIsMadeAgainAndItsSecondAnswerCounts() throws Exception {
        Path jar = RepackedPython.jar("fails-once.jar", true, Map.of("lib/python3.13/sitecustomize.py", FAILS_ONCE));

        ProvisionedPython python = provisionJar(jar, "fails-once.jar");

        assertThat(counter.count()).as("the early check, then the one on the whole tree").isEqualTo(2);
        assertThat(python.version()).isEqualTo(TestPython.VERSION);
        assertThat(python.executable()).isExecutable();
    }

    @Test
    void aJarWithoutDirectoryEntriesHasItsPipFoundByTheSecondCheckNotReinstalled() throws Exception {
        Path jar = RepackedPython.jar("no-directories.jar", false, Map.of());

        ProvisionedPython python = provisionJar(jar, "no-directories.jar");

        // site-packages is written while the early check runs: whether it saw pip-*.dist-info is a race. Seen, its answer is
        // right and counts; not seen, the check is made again. Trusting a "no pip" would have run ensurepip and left no report.
        assertThat(counter.count()).isBetween(1L, 2L);
        assertThat(python.description()).hasValueSatisfying(report -> assertThat(report.pipVersion()).isNotBlank());
        assertThat(python.installDir().resolve("lib/python3.13/site-packages")).isDirectoryContaining("glob:**/pip");
    }

    @Test
    void anInterpreterThatNeverStartsIsRefusedWithTheSecondChecksAnswerAndNothingInstalled() {
        Path jar = RepackedPython.jar("never-starts.jar", true, Map.of("lib/python3.13/sitecustomize.py", "import os\nos._exit(3)\n"));

        assertThatThrownBy(() -> provisionJar(jar, "never-starts.jar"))
                .isInstanceOfSatisfying(ProvisioningException.class,
                        e -> assertThat(e.reason()).isEqualTo(ProvisioningException.Reason.BROKEN_INTERPRETER))
                .hasMessageContaining("failed verification").hasMessageContaining("exit 3");
        assertThat(counter.count()).isEqualTo(2);
        assertThat(home.resolve("embedded")).satisfies(embedded -> {
            try (var children = Files.list(embedded)) {
                assertThat(children.filter(child -> !child.getFileName().toString().startsWith("."))).isEmpty();
            }
        });
    }

    /** Provisions {@code jar} as {@code source=url}. */
    private ProvisionedPython provisionJar(Path jar, String servedAs) throws Exception {
        server.serve(servedAs, jar);
        return Fixtures.provisioner(home, runner, work.resolve("m2")).provision(
                Fixtures.url(TestPython.VERSION, server.uri(servedAs), LoopbackMavenRepository.sha256(jar)), DownloadListener.none(),
                Cancellation.none());
    }
}
