package io.beep.python.packages;

import io.beep.python.ProcessResult;
import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.ProcessCounter;
import io.beep.python.testing.RealPackageIndex;
import io.beep.python.process.ProcessSpec;
import io.beep.python.testing.Benchmark;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same requirement set (the {@code web} profile) into a fresh venv: our pip path against plain
 * {@code pip install}, our uv path against plain {@code uv pip install} (same binary, same pip-derived
 * configuration), and the installer processes a no-op install starts. Caches are warmed first so
 * both sides measure installing, not downloading. Run with {@code -Pbenchmarks}.
 */
@Tag("benchmark")
class PackagesBenchmarkTest {

    static final int RUNS = 5;

    @TempDir
    Path dir;

    @Test
    void installPathsAgainstPlainTools() {
        RealPackageIndex.assumeReachable();
        Path home = dir.resolve("home");
        List<Requirement> requirements = new PackageRequirementsManager(home).resolve(List.of("web"), List.of());
        List<String> texts = requirements.stream().map(Requirement::text).toList();
        ProcessCounter processes = new ProcessCounter();
        ProcessRunner runner = processes.runner();
        PackageInstallers installers = new PackageInstallers(home, runner);
        AtomicInteger n = new AtomicInteger();
        AtomicReference<TestVenv> venv = new AtomicReference<>();

        // Warm pip's and uv's caches (and fetch uv) so no side pays for downloads.
        TestVenv warm = TestVenv.create(dir.resolve("warm"));
        installers.install(warm.python(), warm.sitePackages(), requirements, InstallerKind.PIP, PackageSources.defaults(), Duration.ofMinutes(10),
                Cancellation.none());
        TestVenv warmUv = TestVenv.create(dir.resolve("warm-uv"), false);
        installers.install(warmUv.python(), warmUv.sitePackages(), requirements, InstallerKind.UV, PackageSources.defaults(), Duration.ofMinutes(10),
                Cancellation.none());
        Path uv = installers.uvBinary().orElseThrow();
        Map<String, String> uvEnv = PipConfiguration.load(System.getenv(), Path.of(System.getProperty("user.home")), java.util.Optional.empty())
                .toUvEnvironment();

        var oursPip = Benchmark.measure(RUNS, () -> venv.getAndSet(TestVenv.create(dir.resolve("p" + n.incrementAndGet()), true)),
                () -> installers.install(venv.get().python(), venv.get().sitePackages(), requirements, InstallerKind.PIP, PackageSources.defaults(),
                        Duration.ofMinutes(10), Cancellation.none()));
        var plainPip = Benchmark.measure(RUNS, () -> venv.getAndSet(TestVenv.create(dir.resolve("q" + n.incrementAndGet()), true)), () -> {
            List<String> argv = new ArrayList<>(List.of(venv.get().python().toString(), "-m", "pip", "install"));
            argv.addAll(texts);
            return check(runner.run(ProcessSpec.of(argv).withTimeout(Duration.ofMinutes(10))));
        });
        Benchmark.row("web profile into a fresh venv, pip", oursPip, "pip install", plainPip);

        var oursUv = Benchmark.measure(RUNS, () -> venv.getAndSet(TestVenv.create(dir.resolve("u" + n.incrementAndGet()), false)),
                () -> installers.install(venv.get().python(), venv.get().sitePackages(), requirements, InstallerKind.UV, PackageSources.defaults(),
                        Duration.ofMinutes(10), Cancellation.none()));
        var plainUv = Benchmark.measure(RUNS, () -> venv.getAndSet(TestVenv.create(dir.resolve("v" + n.incrementAndGet()), false)), () -> {
            List<String> argv = new ArrayList<>(List.of(uv.toString(), "pip", "install", "--python", venv.get().python().toString()));
            argv.addAll(texts);
            return check(runner.run(ProcessSpec.of(argv).withEnvironment(uvEnv).withTimeout(Duration.ofMinutes(10))));
        });
        Benchmark.row("web profile into a fresh venv, uv", oursUv, "uv pip install", plainUv);

        long before = processes.count();
        var noOp = Benchmark.measure(RUNS, () -> installers.install(warm.python(), warm.sitePackages(), requirements, InstallerKind.AUTO,
                PackageSources.defaults(), Duration.ofMinutes(1), Cancellation.none()));
        long spawned = processes.count() - before;
        Benchmark.row("no-op install (already satisfied)", noOp + ", installer processes started: " + spawned);
        assertThat(spawned).isZero();
    }

    private static ProcessResult check(ProcessResult r) {
        if (!r.ok()) {
            throw new IllegalStateException(r.stderr());
        }
        return r;
    }
}
