package io.beep.python.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beep.python.ProcessResult;
import io.beep.python.fs.FileTrees;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

class MavenProvisioningTest {

    @TempDir
    Path home;
    @TempDir
    Path emptyLocalRepository;

    final ProcessCounter counter = new ProcessCounter();
    final ProcessRunner runner = counter.runner();
    LoopbackMavenRepository repository;

    @BeforeEach
    void startRepository() {
        repository = LoopbackMavenRepository.start();
        repository.publishFromLocalRepository("org.bytedeco", "cpython", TestPython.MAVEN_VERSION, TestPython.CLASSIFIER, "jar");
    }

    @AfterEach
    void stopRepository() {
        repository.close();
    }

    @Test
    void provisionsARunnableInterpreterWithPipFromARemoteRepository() throws Exception {
        AtomicLong lastDone = new AtomicLong();
        AtomicLong lastTotal = new AtomicLong();
        PythonProvisioner provisioner = Fixtures.provisioner(home, runner, emptyLocalRepository);

        ProvisionedPython python = provisioner.provision(Fixtures.maven("3.13", repository.uri()), (done, total) -> {
            lastDone.set(done);
            lastTotal.set(total);
        }, Cancellation.none());

        assertThat(python.version()).isEqualTo("3.13.5");
        assertThat(python.downloaded()).isTrue();
        assertThat(python.installDir()).isEqualTo(home.resolve("embedded/cpython-3.13.5-linux-x86_64"));
        assertThat(python.executable()).isEqualTo(python.installDir().resolve("bin/python3")).isExecutable();
        ProcessResult result = runner.run(ProcessSpec.of(python.executable().toString(), "-c",
                "import sys, ssl, ctypes, venv; print(sys.version.split()[0]); print(sys.base_prefix)"));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout().lines().toList()).containsExactly("3.13.5", python.installDir().toString());
        ProcessResult pip = runner.run(ProcessSpec.of(python.executable().toString(), "-m", "pip", "--version"));
        assertThat(pip.exitCode()).as(pip.stderr()).isZero();
        assertThat(python.installDir().resolve("bin/pip3")).content().startsWith("#!" + python.executable());
        assertThat(lastTotal.get()).isEqualTo(lastDone.get()).isEqualTo(Files.size(TestPython.jar()));
        assertThat(repository.downloads(Fixtures.JAR_PATH)).isEqualTo(1);
        assertThat(home.resolve("embedded")).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith(".tmp-"));
    }

    @Test
    void secondProvisioningOfTheSameVersionDownloadsAndSpawnsNothing() {
        PythonProvisioner provisioner = Fixtures.provisioner(home, runner, emptyLocalRepository);
        provisioner.provision(Fixtures.maven("3.13.5", repository.uri()), DownloadListener.none(), Cancellation.none());
        long processes = counter.count();
        int requests = repository.requests().size();

        ProvisionedPython again = Fixtures.provisioner(home, runner, emptyLocalRepository)
                .provision(Fixtures.maven("3.13", repository.uri()), DownloadListener.none(), Cancellation.none());

        assertThat(again.downloaded()).isFalse();
        assertThat(counter.count()).isEqualTo(processes);
        assertThat(repository.requests()).hasSize(requests);
    }

    @Test
    void theCachedArchiveServesAReinstallWithoutDownloading() throws Exception {
        PythonProvisioner provisioner = Fixtures.provisioner(home, runner, emptyLocalRepository);
        ProvisionedPython first = provisioner.provision(Fixtures.maven("3.13.5", repository.uri()), DownloadListener.none(), Cancellation.none());
        FileTrees.delete(first.installDir());

        ProvisionedPython second = provisioner.provision(Fixtures.maven("3.13.5", repository.uri()), DownloadListener.none(), Cancellation.none());

        assertThat(second.executable()).isExecutable();
        assertThat(repository.downloads(Fixtures.JAR_PATH)).isEqualTo(1);
        assertThat(home.resolve("cache").resolve(LoopbackMavenRepository.sha256(TestPython.jar()) + ".jar")).isRegularFile();
    }

    @Test
    void theLocalMavenRepositoryIsTriedFirst() {
        PythonProvisioner provisioner = Fixtures.provisioner(home, runner, TestPython.localMavenRepository());

        ProvisionedPython python = provisioner.provision(Fixtures.maven("3.13", repository.uri()), DownloadListener.none(), Cancellation.none());

        assertThat(python.executable()).isExecutable();
        assertThat(repository.requests()).isEmpty();
        // Nothing was downloaded or copied: the cache holds at most the interpreter probe script (cache/registry/).
        try (var cached = Files.walk(home.resolve("cache"))) {
            assertThat(cached.filter(Files::isRegularFile).filter(f -> !f.startsWith(home.resolve("cache/registry")))).isEmpty();
        } catch (java.nio.file.NoSuchFileException e) {
            // no cache at all: nothing was cached
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theVerifyingStartIsTheOnlyOneAndItsAnswerRegistersTheInterpreter() throws Exception {
        PythonProvisioner provisioner = Fixtures.provisioner(home, runner, TestPython.localMavenRepository());

        ProvisionedPython python = provisioner.provision(Fixtures.maven("3.13"), DownloadListener.none(), Cancellation.none());
        long processes = counter.count();
        io.beep.python.registry.PythonRuntimeInfo registered = new io.beep.python.registry.PythonRuntimeRegistry(home, runner)
                .registerManagedRuntime("managed", io.beep.python.registry.PythonRuntimeType.EMBEDDED, python.executable(), python.description());

        assertThat(processes).as("one start verified it, while the files it does not read were still being written").isEqualTo(1);
        assertThat(python.installDir().resolve("lib/python3.13/asyncio/__init__.py")).as("and they are all in place").isRegularFile();
        assertThat(python.installDir().resolve("lib/python3.13/idlelib/idle.py")).isRegularFile();
        assertThat(python.installDir().resolve("lib/python3.13/test")).as("but the regression tests, left out").doesNotExist();
        assertThat(python.installDir().resolve("lib/python3.13/site-packages/pip/__init__.py")).isRegularFile();
        assertThat(counter.count()).as("registering it started nothing").isEqualTo(processes);
        // What it said of itself in the temp directory, moved with it, is what it says now at its place.
        io.beep.python.registry.ProbeResult now = new io.beep.python.registry.InterpreterProbe(home, new ProcessRunner(),
                java.time.Duration.ofMinutes(1)).describe(python.executable(), InterpreterCheck.REQUIRED_WHEN_PRESENT, Cancellation.none());
        assertThat(python.description()).contains(now);
        assertThat(registered.prefix()).isEqualTo(python.installDir());
        assertThat(registered.executable()).isEqualTo(python.executable());
        assertThat(registered.pipVersion()).isPresent();
    }

    @Test
    void aLocalJarThatDoesNotMatchItsSha1IsNeverStartedAndTheRepositoryOneIsInstalled() throws Exception {
        Path local = Files.createDirectories(home.resolveSibling(home.getFileName() + "-m2"));
        Path jar = local.resolve(Fixtures.JAR_PATH);
        Path ran = home.resolveSibling(home.getFileName() + "-ran");
        // A well-formed jar whose "interpreter" would leave a trace if anything started it.
        Files.createDirectories(jar.getParent());
        try (org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream zip =
                new org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream(jar)) {
            org.apache.commons.compress.archivers.zip.ZipArchiveEntry entry = new org.apache.commons.compress.archivers.zip.ZipArchiveEntry(
                    "org/bytedeco/cpython/linux-x86_64/bin/python3");
            entry.setUnixMode(0100755);
            zip.putArchiveEntry(entry);
            zip.write(("#!/bin/sh\ntouch " + ran + "\nexit 1\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeArchiveEntry();
        }
        Files.writeString(jar.resolveSibling(jar.getFileName() + ".sha1"), io.beep.python.fs.Digests.hex(TestPython.jar(),
                io.beep.python.fs.Digests.SHA_1).get(io.beep.python.fs.Digests.SHA_1));

        ProvisionedPython python = Fixtures.provisioner(home, runner, local).provision(Fixtures.maven("3.13", repository.uri()),
                DownloadListener.none(), Cancellation.none());

        assertThat(python.executable()).isExecutable();
        assertThat(ran).as("the unverified interpreter never ran").doesNotExist();
        assertThat(repository.downloads(Fixtures.JAR_PATH)).isEqualTo(1);
        assertThat(home.resolve("embedded")).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith(".tmp-"));
    }

    @Test
    void aPartialDownloadLeftByAnEarlierProcessIsResumedAndStillVerified() throws Exception {
        byte[] whole = Files.readAllBytes(TestPython.jar());
        Path partial = Files.createDirectories(home.resolve("cache/partial")).resolve(TestPython.jar().getFileName() + ".part");
        Files.write(partial, java.util.Arrays.copyOf(whole, 7_000_000));

        ProvisionedPython python = Fixtures.provisioner(home, runner, emptyLocalRepository).provision(Fixtures.maven("3.13", repository.uri()),
                DownloadListener.none(), Cancellation.none());

        assertThat(python.executable()).isExecutable();
        assertThat(repository.requests()).filteredOn(r -> r.path().equals(Fixtures.JAR_PATH)).singleElement()
                .satisfies(r -> assertThat(r.range()).contains("bytes=7000000-"));
        assertThat(home.resolve("cache").resolve(LoopbackMavenRepository.sha256(TestPython.jar()) + ".jar")).hasSameBinaryContentAs(TestPython.jar());
    }

    @Test
    void aPartialDownloadThatIsNotAPrefixOfTheArtifactFailsItsChecksumAndIsDiscarded() throws Exception {
        Path partial = Files.createDirectories(home.resolve("cache/partial")).resolve(TestPython.jar().getFileName() + ".part");
        Files.write(partial, new byte[1_000_000]); // zeros, not the jar's first megabyte

        assertThatThrownBy(() -> Fixtures.provisioner(home, runner, emptyLocalRepository).provision(Fixtures.maven("3.13", repository.uri()),
                DownloadListener.none(), Cancellation.none()))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> assertThat(e.reason()).isEqualTo(ProvisioningException.Reason.CHECKSUM_MISMATCH))
                .hasMessageContaining(Fixtures.JAR_PATH);
        assertThat(partial).doesNotExist();
        assertThat(home.resolve("embedded")).satisfiesAnyOf(e -> assertThat(e).doesNotExist(), e -> assertThat(e).isEmptyDirectory());
    }

    @Test
    void staleTempDirectoriesFromACrashedRunAreRemoved() throws Exception {
        Path stale = Files.createDirectories(home.resolve("embedded/.tmp-cpython-3.13.5-linux-x86_64-99999-1/bin"));
        Files.writeString(stale.resolve("python3"), "half");

        Fixtures.provisioner(home, runner, TestPython.localMavenRepository())
                .provision(Fixtures.maven("3.13.5"), DownloadListener.none(), Cancellation.none());

        assertThat(home.resolve("embedded")).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith(".tmp-"));
    }

    @Test
    void anUnreachableRepositoryIsSkippedForTheNextOne() {
        URI closedPort = URI.create("http://127.0.0.1:" + closedPort() + "/repository/");
        PythonProvisioner provisioner = Fixtures.provisioner(home, runner, emptyLocalRepository);

        ProvisionedPython python = provisioner.provision(Fixtures.maven("3.13", closedPort, repository.uri()),
                DownloadListener.none(), Cancellation.none());

        assertThat(python.executable()).isExecutable();
        assertThat(repository.downloads(Fixtures.JAR_PATH)).isEqualTo(1);
    }

    @Test
    void aMissingArtifactNamesEveryRepositoryTriedWithCredentialsMasked() {
        URI closedPort = URI.create("http://deploy:s3cr3t@127.0.0.1:" + closedPort() + "/repository/");
        try (LoopbackMavenRepository empty = LoopbackMavenRepository.start()) {
            PythonProvisioner provisioner = Fixtures.provisioner(home, runner, emptyLocalRepository);

            assertThatThrownBy(() -> provisioner.provision(Fixtures.maven("3.13", closedPort, empty.uri()),
                    DownloadListener.none(), Cancellation.none()))
                    .isInstanceOfSatisfying(ProvisioningException.class, e -> assertThat(e.reason()).isEqualTo(ProvisioningException.Reason.NOT_IN_MAVEN))
                    .hasMessageContaining("Cannot find org.bytedeco:cpython:" + TestPython.MAVEN_VERSION)
                    .hasMessageContaining(emptyLocalRepository.toString())
                    .hasMessageContaining("http://***@127.0.0.1:")
                    .hasMessageContaining(empty.uri().toString())
                    .hasMessageNotContaining("s3cr3t");
        }
        assertThat(home.resolve("embedded")).doesNotExist();
    }

    @Test
    void withNoRemoteRepositoryTheErrorSaysNoneWasRecorded() {
        PythonProvisioner provisioner = Fixtures.provisioner(home, runner, emptyLocalRepository);

        assertThatThrownBy(() -> provisioner.provision(Fixtures.maven("3.13"), DownloadListener.none(), Cancellation.none()))
                .hasMessageContaining("(local repository)")
                .hasMessageContaining("no remote repository");
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void testPythonIsReadyAndRuns() {
        ProcessResult result = runner.run(ProcessSpec.of(TestPython.executable().toString(), "-c", "import sys; print(sys.version_info[:3])"));

        assertThat(result.stdout().trim()).isEqualTo("(3, 13, 5)");
    }

    // Issue 34: a company repository that wants a login works at run time with the credentials of settings.xml.

    private static final String PASSWORD = "s3cr3t-pw";

    private MavenSettings corpSettings(Path dir, boolean withServer) {
        return Fixtures.settings(dir, """
                <settings>
                  %s
                  <mirrors><mirror><id>corp</id><mirrorOf>*</mirrorOf><url>%s</url></mirror></mirrors>
                </settings>
                """.formatted(withServer ? "<servers><server><id>corp</id><username>deployer</username><password>" + PASSWORD
                + "</password></server></servers>" : "", repository.uri()));
    }

    @Test
    void anAuthenticatedMirrorServesTheInterpreterWithTheCredentialsOfSettingsXml(@TempDir Path settingsDir) {
        repository.requireBasicAuth("deployer", PASSWORD);
        PythonProvisioner provisioner = Fixtures.provisioner(home, runner, emptyLocalRepository, corpSettings(settingsDir, true));

        // Asked for Maven Central, as a build's recorded repositories say; the mirror rule sends it to the company's.
        ProvisionedPython python = provisioner.provision(Fixtures.maven("3.13", MavenSettings.MAVEN_CENTRAL), (done, total) -> {
        }, Cancellation.none());

        assertThat(python.downloaded()).isTrue();
        assertThat(repository.downloads(Fixtures.JAR_PATH)).isEqualTo(1);
        assertThat(repository.requests()).noneMatch(r -> r.status() == 401);
    }

    @Test
    void withoutCredentialsTheFailureNamesTheServerIdAndTheRepository(@TempDir Path settingsDir) {
        repository.requireBasicAuth("deployer", PASSWORD);
        PythonProvisioner provisioner = Fixtures.provisioner(home, runner, emptyLocalRepository, corpSettings(settingsDir, false));

        assertThatThrownBy(() -> provisioner.provision(Fixtures.maven("3.13", MavenSettings.MAVEN_CENTRAL), (done, total) -> {
        }, Cancellation.none())).isInstanceOf(ProvisioningException.class).hasMessageContaining("HTTP 401")
                .hasMessageContaining(repository.uri().toString()).hasMessageContaining("<server> with id 'corp'");
        assertThat(home.resolve("embedded/cpython-3.13.5-linux-x86_64")).doesNotExist();
    }

    @Test
    void wrongCredentialsAreSaidToBeRefusedWithoutShowingThem(@TempDir Path settingsDir) {
        repository.requireBasicAuth("deployer", "another-password");
        PythonProvisioner provisioner = Fixtures.provisioner(home, runner, emptyLocalRepository, corpSettings(settingsDir, true));

        assertThatThrownBy(() -> provisioner.provision(Fixtures.maven("3.13", MavenSettings.MAVEN_CENTRAL), (done, total) -> {
        }, Cancellation.none())).isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("refused the credentials of server 'corp'").hasMessageNotContaining(PASSWORD);
    }

    @Test
    void theServersCredentialsAreNotSentWhereARedirectLeadsToAnotherHost(@TempDir Path settingsDir) {
        try (LoopbackMavenRepository elsewhere = LoopbackMavenRepository.start()) {
            elsewhere.publishFromLocalRepository("org.bytedeco", "cpython", TestPython.MAVEN_VERSION, TestPython.CLASSIFIER, "jar");
            repository.requireBasicAuth("deployer", PASSWORD);
            repository.redirectNext(Fixtures.JAR_PATH, elsewhere.uri(Fixtures.JAR_PATH).toString());
            PythonProvisioner provisioner = Fixtures.provisioner(home, runner, emptyLocalRepository, corpSettings(settingsDir, true));

            provisioner.provision(Fixtures.maven("3.13", MavenSettings.MAVEN_CENTRAL), (done, total) -> {
            }, Cancellation.none());

            // The redirect is only answered after the login; the other host (another port) never sees it.
            assertThat(elsewhere.downloads(Fixtures.JAR_PATH)).isEqualTo(1);
            assertThat(elsewhere.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.authorization()).isEmpty());
        }
    }
}
