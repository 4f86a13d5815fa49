package io.beep.python.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.ProcessResult;
import io.beep.python.process.Cancellation;
import io.beep.python.process.InterProcessLock;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.provision.DownloadListener;
import io.beep.python.provision.PatchLookup;
import io.beep.python.provision.ProvisionRequest;
import io.beep.python.provision.ProvisionedPython;
import io.beep.python.provision.PythonProvisioner;
import io.beep.python.registry.DiscoveryRoots;
import io.beep.python.registry.PythonRuntimeInfo;
import io.beep.python.registry.PythonRuntimeRegistry;
import io.beep.python.registry.PythonRuntimeStatus;
import io.beep.python.registry.PythonRuntimeType;
import io.beep.python.registry.RegistryStatus;
import io.beep.python.testing.LoopbackMavenRepository;
import io.beep.python.testing.PatchReleaseJars;
import io.beep.python.testing.TestPython;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Patch updates of a managed interpreter against a loopback Maven repository serving later patch releases of the test
 * CPython ({@link PatchReleaseJars}), and the registry's four statuses along the way.
 */
class RuntimeUpdatesTest {

    private static final String METADATA = "org/bytedeco/cpython/maven-metadata.xml";

    @TempDir
    Path home;
    @TempDir
    Path nowhere;

    final ProcessRunner runner = new ProcessRunner();
    LoopbackMavenRepository repository;
    PythonProvisioner provisioner;
    PythonRuntimeRegistry registry;
    ProvisionRequest request;

    @BeforeEach
    void start() {
        repository = LoopbackMavenRepository.start();
        // The local repository serves the 3.13.5 in use without a download; later patches exist only in the loopback one.
        provisioner = PythonProvisioner.withLocalMavenRepository(home, runner, TestPython.localMavenRepository());
        registry = new PythonRuntimeRegistry(home, runner, DiscoveryRoots.isolated(nowhere, List.of()), Duration.ofSeconds(30));
        request = ProvisionRequest.maven("3.13", List.of(repository.uri()));
    }

    @AfterEach
    void stop() {
        repository.close();
    }

    private PythonRuntimeInfo managed() {
        ProvisionedPython current = provisioner.provision(request, DownloadListener.none(), Cancellation.none());
        assertThat(current.version()).isEqualTo(TestPython.VERSION);
        return registry.registerManagedRuntime("managed", PythonRuntimeType.EMBEDDED, current.executable(), current.description());
    }

    @Test
    void aNewerPatchIsProvisionedCheckedAndRecordedWhileTheRegistryShowsUpdating() throws Exception {
        assertThat(registry.status().status()).isEqualTo(PythonRuntimeStatus.NOT_INITIALIZED);
        registry.initialize();
        assertThat(registry.status()).isEqualTo(new RegistryStatus(PythonRuntimeStatus.READY, Optional.empty(), Optional.empty()));
        PythonRuntimeInfo runtime = managed();
        PatchReleaseJars.publish(repository, "3.13.6", PatchReleaseJars.relabelled("3.13.6"), List.of("3.13.6"));
        AtomicReference<RegistryStatus> during = new AtomicReference<>();
        AtomicReference<PythonRuntimeStatus> listedDuring = new AtomicReference<>();
        DownloadListener watch = (done, total) -> {
            if (during.get() == null) {
                during.set(registry.status());
                listedDuring.set(registry.list().stream().filter(r -> r.id().equals(runtime.id())).findFirst().orElseThrow().status());
            }
        };

        RuntimeUpdates.Result result = new RuntimeUpdates(home, provisioner, registry).update(request, runtime, watch, Cancellation.none());

        assertThat(result.failure()).isEmpty();
        assertThat(result.updated()).as(result.reason()).isTrue();
        assertThat(during.get().status()).isEqualTo(PythonRuntimeStatus.UPDATING);
        assertThat(during.get().runtime()).contains(runtime.id());
        assertThat(during.get().reason().orElseThrow()).contains("3.13.6");
        assertThat(listedDuring.get()).isEqualTo(PythonRuntimeStatus.UPDATING);
        assertThat(registry.status().status()).isEqualTo(PythonRuntimeStatus.READY);
        assertThat(registry.getRuntime(runtime.id()).orElseThrow().status()).isEqualTo(PythonRuntimeStatus.READY);
        ProvisionedPython newer = result.provisioned().orElseThrow();
        assertThat(newer.version()).isEqualTo("3.13.6");
        assertThat(newer.installDir().getFileName().toString()).startsWith("cpython-3.13.6-");
        ProcessResult ran = runner.run(ProcessSpec.of(newer.executable().toString(), "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"));
        assertThat(ran.stdout().strip()).as(ran.stderr()).isEqualTo("3.13.6");
        assertThat(Files.readString(home.resolve("runtime-updates/3.13.json"))).contains("\"to\" : \"3.13.6\"").contains("\"from\" : \"3.13.5\"");
        // The interpreter in use is kept, and no start picks the new one up before a switch verifies it: discovery
        // passes it over until it is released (as beep-python runtimes --upgrade does).
        assertThat(runtime.executable()).isExecutable();
        registry.refresh();
        assertThat(registry.list()).extracting(PythonRuntimeInfo::version).contains("3.13.5").doesNotContain("3.13.6");
        assertThat(registry.find("3.13").orElseThrow().version()).isEqualTo("3.13.5");
        new RuntimeUpdates(home, provisioner, registry).release(newer);
        registry.refresh();
        assertThat(registry.find("3.13").orElseThrow().version()).isEqualTo("3.13.6");
    }

    @Test
    void aBrokenNewerPatchIsRefusedTheOldOneKeptAndTheRegistrySaysWhy() {
        registry.initialize();
        PythonRuntimeInfo runtime = managed();
        PatchReleaseJars.publish(repository, "3.13.7", PatchReleaseJars.broken("3.13.7"), List.of("3.13.7"));

        RuntimeUpdates.Result result = new RuntimeUpdates(home, provisioner, registry).update(request, runtime, DownloadListener.none(),
                Cancellation.none());

        assertThat(result.updated()).isFalse();
        assertThat(result.failure().orElseThrow()).contains("3.13.7").contains("refused").contains("3.13.5 stays in use");
        RegistryStatus status = registry.status();
        assertThat(status.status()).isEqualTo(PythonRuntimeStatus.ERROR);
        assertThat(status.runtime()).contains(runtime.id());
        assertThat(status.reason().orElseThrow()).isEqualTo(result.failure().orElseThrow());
        try (var embedded = Files.list(home.resolve("embedded"))) {
            assertThat(embedded.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains("3.13.7"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(home.resolve("runtime-updates/3.13.json")).doesNotExist();
        ProcessResult old = runner.run(ProcessSpec.of(runtime.executable().toString(), "-c", "print('still here')"));
        assertThat(old.stdout().strip()).isEqualTo("still here");
    }

    @Test
    void theSourcesAreAskedAtMostOncePerIntervalByAllProcessesOfTheHome() {
        registry.initialize();
        PythonRuntimeInfo runtime = managed();
        PatchReleaseJars.publish(repository, "3.13.6", PatchReleaseJars.relabelled("3.13.6"), List.of());

        Optional<RuntimeUpdates.Result> first = new RuntimeUpdates(home, provisioner, registry)
                .updateIfDue(request, runtime, Duration.ofDays(1), DownloadListener.none(), Cancellation.none());
        Optional<RuntimeUpdates.Result> second = new RuntimeUpdates(home, provisioner, registry)
                .updateIfDue(request, runtime, Duration.ofDays(1), DownloadListener.none(), Cancellation.none());
        Optional<RuntimeUpdates.Result> zeroInterval = new RuntimeUpdates(home, provisioner, registry)
                .updateIfDue(request, runtime, Duration.ZERO, DownloadListener.none(), Cancellation.none());

        assertThat(first).isPresent();
        assertThat(first.get().updated()).isFalse();
        assertThat(first.get().reason()).contains("newest patch").contains(repository.uri(METADATA).toString());
        assertThat(second).isEmpty();
        assertThat(zeroInterval).isPresent();
        assertThat(repository.requests().stream().filter(r -> r.path().endsWith(METADATA))).hasSize(2);
        assertThat(new RuntimeUpdates(home, provisioner, registry).lastCheck()).isPresent();
    }

    @Test
    void aStartWhileAnotherUpdatesLeavesTheWorkToItInsteadOfWaiting() {
        registry.initialize();
        PythonRuntimeInfo runtime = managed();
        PatchReleaseJars.publish(repository, "3.13.6", PatchReleaseJars.relabelled("3.13.6"), List.of());
        long begin = System.nanoTime();
        Optional<RuntimeUpdates.Result> skipped;
        try (InterProcessLock busy = InterProcessLock.acquire(io.beep.python.fs.HomeLayout.of(home).runtimeUpdatesLock())) {
            skipped = new RuntimeUpdates(home, provisioner, registry)
                    .updateIfDue(request, runtime, Duration.ofDays(1), DownloadListener.none(), Cancellation.none());
        }

        assertThat(skipped).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(30));
        assertThat(repository.requests()).isEmpty();
        assertThat(new RuntimeUpdates(home, provisioner, registry).lastCheck()).isEmpty();
    }

    @Test
    void aUrlSourceHasNowhereToLookAndAnInterpreterNotProvisionedIsNeverUpdated() {
        registry.initialize();
        PythonRuntimeInfo runtime = managed();
        RuntimeUpdates updates = new RuntimeUpdates(home, provisioner, registry);

        PatchLookup url = updates.check(ProvisionRequest.url("3.13", URI.create("https://example.invalid/python.tar.gz"), "00"), runtime,
                Cancellation.none()).orElseThrow();
        PythonRuntimeInfo system = registry.interrogate(TestPython.executable());
        RuntimeUpdates.Result notManaged = updates.update(request, system, DownloadListener.none(), Cancellation.none());

        assertThat(url.newer()).isEmpty();
        assertThat(url.where()).startsWith("nowhere");
        assertThat(system.type()).isNotEqualTo(PythonRuntimeType.EMBEDDED);
        assertThat(updates.check(request, system, Cancellation.none())).isEmpty();
        assertThat(notManaged.updated()).isFalse();
        assertThat(notManaged.reason()).contains("never updated");
        assertThat(repository.requests()).isEmpty();
    }

    @Test
    void theRegistryIsInErrorWithTheReasonWhenDiscoveryFails() throws Exception {
        Files.writeString(registry.registryFile(), "{\"schemaVersion\": \"999\", \"runtimes\": []}");

        org.assertj.core.api.Assertions.assertThatThrownBy(registry::initialize);

        assertThat(registry.status().status()).isEqualTo(PythonRuntimeStatus.ERROR);
        assertThat(registry.status().reason().orElseThrow()).contains("runtimes.json");
    }
}
