package io.beep.python.packages;

import io.beep.python.InstallResult;
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
        PackageInstallers installers = new PackageInstallers(home, runner, false); // the installers, not the store
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

    /**
     * The first {@code import pandas} in a fresh venv, after our pip path and after our uv path (both byte-compile at
     * install time), and after a plain {@code uv pip install} (which does not): each venv imports once, so every
     * figure is a first import.
     */
    @Test
    void firstImportAfterEachInstaller() {
        RealPackageIndex.assumeReachable();
        Path home = dir.resolve("home");
        List<Requirement> requirements = List.of(Requirement.parse("pandas"));
        ProcessRunner runner = new ProcessRunner();
        PackageInstallers installers = new PackageInstallers(home, runner, false); // every venv installs: first imports after the installers
        AtomicInteger n = new AtomicInteger();
        // Warm both caches (and fetch uv) so that only installing and importing are measured.
        TestVenv warm = TestVenv.create(dir.resolve("warm"), true);
        installers.install(warm.python(), warm.sitePackages(), requirements, InstallerKind.PIP, PackageSources.defaults(), Duration.ofMinutes(10),
                Cancellation.none());
        TestVenv warmUv = TestVenv.create(dir.resolve("warm-uv"), false);
        installers.install(warmUv.python(), warmUv.sitePackages(), requirements, InstallerKind.UV, PackageSources.defaults(), Duration.ofMinutes(10),
                Cancellation.none());
        Path uv = installers.uvBinary().orElseThrow();
        Map<String, String> uvEnv = PipConfiguration.load(System.getenv(), Path.of(System.getProperty("user.home")), java.util.Optional.empty())
                .toUvEnvironment();
        List<TestVenv> afterPip = new ArrayList<>();
        List<TestVenv> afterUv = new ArrayList<>();
        List<TestVenv> afterPlainUv = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            TestVenv p = TestVenv.create(dir.resolve("ip" + n.incrementAndGet()), true);
            installers.install(p.python(), p.sitePackages(), requirements, InstallerKind.PIP, PackageSources.defaults(), Duration.ofMinutes(10),
                    Cancellation.none());
            afterPip.add(p);
            TestVenv u = TestVenv.create(dir.resolve("iu" + n.incrementAndGet()), false);
            installers.install(u.python(), u.sitePackages(), requirements, InstallerKind.UV, PackageSources.defaults(), Duration.ofMinutes(10),
                    Cancellation.none());
            afterUv.add(u);
            TestVenv plain = TestVenv.create(dir.resolve("iv" + n.incrementAndGet()), false);
            check(runner.run(ProcessSpec.of(uv.toString(), "pip", "install", "--python", plain.python().toString(), "pandas")
                    .withEnvironment(uvEnv).withTimeout(Duration.ofMinutes(10))));
            afterPlainUv.add(plain);
        }
        AtomicInteger pi = new AtomicInteger();
        AtomicInteger ui = new AtomicInteger();
        AtomicInteger vi = new AtomicInteger();
        // Interleaved, one import per venv, so that the machine's load falls on all three alike.
        List<Double> pipTimes = new ArrayList<>();
        List<Double> uvTimes = new ArrayList<>();
        List<Double> plainTimes = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            pipTimes.add(Benchmark.measure(1, () -> firstImport(runner, afterPip.get(pi.getAndIncrement()))).medianMs());
            uvTimes.add(Benchmark.measure(1, () -> firstImport(runner, afterUv.get(ui.getAndIncrement()))).medianMs());
            plainTimes.add(Benchmark.measure(1, () -> firstImport(runner, afterPlainUv.get(vi.getAndIncrement()))).medianMs());
        }
        Benchmark.Figure pip = figure(pipTimes);
        Benchmark.row("first `import pandas` after our uv path (uv --compile-bytecode)", figure(uvTimes), "after our pip path", pip);
        Benchmark.row("first `import pandas` after plain `uv pip install` (no byte-code)", figure(plainTimes), "after our pip path", pip);
    }

    /**
     * A second fresh venv with the same real packages: linked from the store against {@code uv pip install} from uv's
     * warm cache into an empty venv. Both sides get a new venv per run (not timed).
     */
    @Test
    void secondEnvironmentFromTheStoreAgainstUv() {
        RealPackageIndex.assumeReachable();
        Path home = dir.resolve("home");
        List<String> texts = List.of("numpy", "pandas", "requests", "flask");
        List<Requirement> requirements = texts.stream().map(Requirement::parse).toList();
        ProcessCounter processes = new ProcessCounter();
        ProcessRunner runner = processes.runner();
        PackageInstallers installers = new PackageInstallers(home, runner);
        io.beep.python.venv.VirtualEnvironments venvs = new io.beep.python.venv.VirtualEnvironments(new ProcessRunner(), home);
        io.beep.python.registry.PythonRuntimeInfo base = new io.beep.python.registry.PythonRuntimeRegistry(home, new ProcessRunner())
                .interrogate(io.beep.python.testing.TestPython.executable());
        AtomicInteger n = new AtomicInteger();
        AtomicReference<io.beep.python.venv.VirtualEnv> venv = new AtomicReference<>();
        // The first environment installs (and fills the store); uv's cache is warmed by a plain uv install.
        io.beep.python.venv.VirtualEnv first = venvs.create(base, dir.resolve("first"));
        InstallResult installed = installers.install(first.python(), first.sitePackages(), requirements, InstallerKind.PIP,
                PackageSources.defaults(), Duration.ofMinutes(10), Cancellation.none());
        assertThat(installed.installer()).isEqualTo("pip");
        TestVenv warmUv = TestVenv.create(dir.resolve("warm-uv"), false);
        installers.install(warmUv.python(), warmUv.sitePackages(), List.of(Requirement.parse("six")), InstallerKind.UV, PackageSources.defaults(),
                Duration.ofMinutes(10), Cancellation.none()); // fetches uv
        Path uv = installers.uvBinary().orElseThrow();
        Map<String, String> uvEnv = PipConfiguration.load(System.getenv(), Path.of(System.getProperty("user.home")), java.util.Optional.empty())
                .toUvEnvironment();
        List<String> uvArgv = new ArrayList<>(List.of(uv.toString(), "pip", "install", "--python", warmUv.python().toString()));
        uvArgv.addAll(texts);
        check(runner.run(ProcessSpec.of(uvArgv).withEnvironment(uvEnv).withTimeout(Duration.ofMinutes(10))));

        long before = processes.count();
        var ours = Benchmark.measure(RUNS, () -> venv.getAndSet(venvs.create(base, dir.resolve("s" + n.incrementAndGet()))), () -> {
            InstallResult linked = installers.install(venv.get().python(), venv.get().sitePackages(), requirements, InstallerKind.PIP,
                    PackageSources.defaults(), Duration.ofMinutes(10), Cancellation.none());
            assertThat(linked.installer()).isEqualTo("store");
            return linked;
        });
        long spawned = processes.count() - before;
        AtomicReference<TestVenv> plainVenv = new AtomicReference<>();
        var plain = Benchmark.measure(RUNS, () -> plainVenv.getAndSet(TestVenv.create(dir.resolve("t" + n.incrementAndGet()), false)), () -> {
            List<String> argv = new ArrayList<>(List.of(uv.toString(), "pip", "install", "--python", plainVenv.get().python().toString()));
            argv.addAll(texts);
            return check(runner.run(ProcessSpec.of(argv).withEnvironment(uvEnv).withTimeout(Duration.ofMinutes(10))));
        });
        Benchmark.row("second venv with numpy pandas requests flask, linked from the store (installer processes: " + spawned + ")", ours,
                "uv pip install, warm cache", plain);
    }

    private static ProcessResult firstImport(ProcessRunner runner, TestVenv venv) {
        return check(runner.run(ProcessSpec.of(venv.python().toString(), "-c", "import pandas").withTimeout(Duration.ofMinutes(2))));
    }

    private static Benchmark.Figure figure(List<Double> millis) {
        return Benchmark.Figure.of(millis.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static ProcessResult check(ProcessResult r) {
        if (!r.ok()) {
            throw new IllegalStateException(r.stderr());
        }
        return r;
    }
}
