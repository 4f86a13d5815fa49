package io.beep.python.provision;

import io.beep.python.process.Cancellation;
import io.beep.python.process.CancelledException;
import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.LoopbackMavenRepository;
import io.beep.python.testing.TestPython;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Downloads from a loopback Maven repository that misbehaves on purpose; every byte served is real. */
class DownloadFaultsTest {

    static final String JAR = Fixtures.JAR_PATH;

    @TempDir
    Path home;
    @TempDir
    Path emptyLocalRepository;

    final ProcessRunner runner = new ProcessRunner();
    LoopbackMavenRepository repository;
    PythonProvisioner provisioner;

    @BeforeEach
    void start() {
        repository = LoopbackMavenRepository.start();
        repository.publishFromLocalRepository("org.bytedeco", "cpython", TestPython.MAVEN_VERSION, TestPython.CLASSIFIER, "jar");
        provisioner = Fixtures.provisioner(home, runner, emptyLocalRepository);
    }

    @AfterEach
    void stop() {
        repository.close();
    }

    @Test
    void aConnectionDroppedMidBodyIsResumedWithRange() {
        repository.closeAfter(JAR, 5_000_000, 1);

        ProvisionedPython python = provision("3.13");

        assertThat(python.executable()).isExecutable();
        assertThat(repository.requests()).filteredOn(r -> r.path().equals(JAR)).extracting(r -> r.range().orElse("none"))
                .first().isEqualTo("none");
        assertThat(repository.requests()).filteredOn(r -> r.path().equals(JAR) && r.status() == 206)
                .singleElement().satisfies(r -> assertThat(r.range()).hasValueSatisfying(range -> assertThat(range).startsWith("bytes=")
                        .isNotEqualTo("bytes=0-")));
    }

    @Test
    void a503IsRetriedUntilTheServerRecovers() {
        repository.failNext(JAR, 503, 2);

        ProvisionedPython python = provision("3.13.5");

        assertThat(python.executable()).isExecutable();
        assertThat(repository.requests()).filteredOn(r -> r.path().equals(JAR)).extracting(LoopbackMavenRepository.Request::status)
                .containsExactly(503, 503, 200);
    }

    @Test
    void aServerThatStaysDownFailsAfterTheConfiguredAttempts() {
        repository.failNext(JAR, 503, 10);

        assertThatThrownBy(() -> provision("3.13.5")).isInstanceOfSatisfying(ProvisioningException.class, e -> assertThat(e.reason()).isEqualTo(ProvisioningException.Reason.NOT_IN_MAVEN))
                .hasMessageContaining("HTTP 503").hasMessageContaining("after 4 attempts").hasMessageContaining(repository.uri(JAR).toString());
        assertNothingInstalled();
    }

    @Test
    void aSilentServerIsAbandonedAndTheDownloadResumed() {
        provisioner = new PythonProvisioner(home, runner, null, new DownloadPolicy(Duration.ofSeconds(5), Duration.ofMillis(700), 4,
                Duration.ofMillis(20), Duration.ofMillis(100)), Fixtures.linuxX86(), emptyLocalRepository, null);
        repository.stallAfter(JAR, 1_000_000, 30_000);

        ProvisionedPython python = provision("3.13.5");

        assertThat(python.executable()).isExecutable();
        assertThat(repository.requests()).filteredOn(r -> r.path().equals(JAR)).extracting(LoopbackMavenRepository.Request::status)
                .containsExactly(200, 206);
    }

    @Test
    void aMissingArtifactIsAClearErrorListingWhereWeLooked() {
        repository.remove(JAR).remove(JAR + ".sha1").remove(JAR + ".sha256");

        assertThatThrownBy(() -> provision("3.13"))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProvisioningException.Reason.NOT_IN_MAVEN);
                    assertThat(e.input()).contains("org.bytedeco:cpython:3.13.5-1.5.12:jar:linux-x86_64");
                })
                .hasMessageContaining("Cannot find org.bytedeco:cpython:3.13.5-1.5.12:jar:linux-x86_64")
                .hasMessageContaining(repository.uri(JAR).toString())
                .hasMessageContaining("Configure a repository (or proxy) that has it");
        assertNothingInstalled();
    }

    @Test
    void a404OnTheArchiveItselfIsReportedAndTheNextRepositoryTried() {
        try (LoopbackMavenRepository empty = LoopbackMavenRepository.start()) {
            ProvisionedPython python = provisioner.provision(Fixtures.maven("3.13", empty.uri(), repository.uri()),
                    DownloadListener.none(), Cancellation.none());

            assertThat(python.executable()).isExecutable();
            assertThat(empty.requests()).extracting(LoopbackMavenRepository.Request::status).containsOnly(404);
        }
    }

    @Test
    void aChecksumMismatchIsRefusedAndLeavesNothingBehind() throws Exception {
        repository.serve(JAR + ".sha1", "0000000000000000000000000000000000000000".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> provision("3.13")).isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("Checksum mismatch for " + repository.uri(JAR))
                .hasMessageContaining("expected SHA-1 0000000000000000000000000000000000000000");
        assertNothingInstalled();
        try (var cached = Files.walk(home.resolve("cache"))) {
            assertThat(cached.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void aPublishedSha256IsCheckedToo() {
        repository.serve(JAR + ".sha256", "ab".repeat(32).getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> provision("3.13")).isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("expected SHA-256 " + "ab".repeat(32));
        assertNothingInstalled();
    }

    @Test
    void credentialsInARepositoryUrlNeverReachTheMessage() {
        repository.remove(JAR);
        URI withSecret = URI.create(repository.uri().toString().replace("http://", "http://deployer:s3cr3t-token@"));

        assertThatThrownBy(() -> provisioner.provision(Fixtures.maven("3.13", withSecret), DownloadListener.none(), Cancellation.none()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("http://***@127.0.0.1")
                .hasMessageNotContaining("s3cr3t-token");
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("deployer:s3cr3t-token".getBytes(StandardCharsets.UTF_8));
        assertThat(repository.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.authorization()).contains(basic));
    }

    @Test
    void aRedirectToPlainHttpOnAnotherHostIsRefused() {
        repository.redirectNext(JAR, "http://downloads.example.com/cpython.jar");

        assertThatThrownBy(() -> provision("3.13")).isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("http://downloads.example.com/cpython.jar").hasMessageContaining("must use HTTPS");
        assertNothingInstalled();
    }

    @Test
    void aRedirectWithinTheRepositoryIsFollowed() {
        repository.serve("moved/cpython.jar", TestPython.jar());
        repository.redirectNext(JAR, repository.uri("moved/cpython.jar").toString());

        assertThat(provision("3.13").executable()).isExecutable();
        assertThat(repository.downloads("moved/cpython.jar")).isOne();
    }

    @Test
    void cancellationStopsADownloadAtOnce() throws Exception {
        repository.stallAfter(JAR, 1_000_000, 30_000);
        Cancellation cancellation = new Cancellation();
        AtomicLong received = new AtomicLong();
        CompletableFuture<ProvisionedPython> running = CompletableFuture.supplyAsync(() -> provisioner.provision(
                Fixtures.maven("3.13", repository.uri()), (done, total) -> received.set(done), cancellation));
        await().atMost(Duration.ofSeconds(20)).until(() -> received.get() > 0);

        cancellation.cancel();

        // The server stays silent for 30 s: only cancellation can end the call within the 10 s we wait.
        assertThatThrownBy(() -> running.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(CancelledException.class);
        assertNothingInstalled();
    }

    private ProvisionedPython provision(String version) {
        return provisioner.provision(Fixtures.maven(version, repository.uri()), DownloadListener.none(), Cancellation.none());
    }

    private void assertNothingInstalled() {
        Path embedded = home.resolve("embedded");
        if (Files.exists(embedded)) {
            assertThat(embedded).isEmptyDirectory();
        }
    }
}
