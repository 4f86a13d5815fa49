package io.beep.python.packages;

import io.beep.python.ProcessResult;
import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.testing.Benchmark;
import io.beep.python.testing.LoopbackPackageIndex;
import io.beep.python.testing.WheelBuilder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 32's target: installing a project from its {@code uv.lock} (uv as the installer, hash-checked, no resolution)
 * against plain {@code uv pip sync} of the same lock exported by uv, warm caches, each side into a fresh venv, taking
 * turns in the same run. Twelve packages from the loopback index, so the figure is the overhead of our path, not the
 * network's.
 */
@Tag("benchmark")
class ProjectLocksBenchmarkTest {

    static final int RUNS = 7;

    @TempDir
    Path dir;

    @Test
    void installFromAUvLockAgainstUvPipSync() throws Exception {
        Path uvWheel = UvWheel.get();
        ProcessRunner runner = new ProcessRunner();
        try (LoopbackPackageIndex index = LoopbackPackageIndex.start()) {
            index.add(uvWheel);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                index.add(WheelBuilder.wheel("pkg" + i, "1.0"), WheelBuilder.wheel("pkg" + i, "2.0"));
                names.add("\"pkg" + i + "<2\"");
            }
            PackageSources sources = new PackageSources(Optional.of(index.url()), List.of(), List.of(), false);
            PackageInstallers installers = new PackageInstallers(dir.resolve("home"), runner, false);
            // Fetches uv into the home (the binary both sides use) and warms uv's cache.
            TestVenv warm = TestVenv.create(dir.resolve("warm"), false);
            installers.install(warm.python(), warm.sitePackages(), List.of(Requirement.parse("pkg0")), InstallerKind.UV, sources,
                    Duration.ofMinutes(5), Cancellation.none());
            Path uv = installers.uvBinary().orElseThrow();
            Path project = dir.resolve("project");
            TestProjects.write(project, "pyproject.toml", "[project]\nname = \"app\"\nversion = \"0.1.0\"\nrequires-python = \">=3.9\"\n"
                    + "dependencies = [" + String.join(", ", names) + "]\n");
            Map<String, String> env = Map.of("UV_PYTHON_DOWNLOADS", "never");
            check(runner.run(ProcessSpec.of(uv.toString(), "lock", "--index-url", index.url(), "--python", warm.python().toString())
                    .inDirectory(project).withEnvironment(env)));
            Path exported = dir.resolve("exported.txt");
            check(runner.run(ProcessSpec.of(uv.toString(), "export", "--frozen", "--no-dev", "--no-emit-project", "--format", "requirements-txt",
                    "--output-file", exported.toString(), "--python", warm.python().toString()).inDirectory(project).withEnvironment(env)));
            PythonProject python = new PythonProject(project, Set.of(), Set.of(), true, false, false);
            // Warm both paths once.
            TestVenv first = TestVenv.create(dir.resolve("first"), false);
            installers.installProject(first.python(), first.sitePackages(), python, InstallerKind.UV, sources, Duration.ofMinutes(5),
                    Cancellation.none());
            installers.awaitBackgroundWork(Duration.ofMinutes(1));
            double[] ours = new double[RUNS];
            double[] settled = new double[RUNS];
            double[] plain = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                TestVenv a = TestVenv.create(dir.resolve("ours" + i), false);
                long begin = System.nanoTime();
                installers.installProject(a.python(), a.sitePackages(), python, InstallerKind.UV, sources, Duration.ofMinutes(5),
                        Cancellation.none());
                ours[i] = (System.nanoTime() - begin) / 1e6;
                // Whatever our install left running in the background (the venv's pylock.toml) ends before the other side
                // starts, so it does not slow that side down, and it is timed: the install's whole cost.
                installers.awaitBackgroundWork(Duration.ofMinutes(1));
                settled[i] = (System.nanoTime() - begin) / 1e6;
                assertThat(installers.awaitLockFile(a.python(), Duration.ZERO).orElseThrow()).content().contains("name = 'pkg7'")
                        .contains("sha256");
                assertThat(installers.installed(a.sitePackages())).hasSize(12).containsEntry("pkg7", "1.0");

                TestVenv b = TestVenv.create(dir.resolve("plain" + i), false);
                begin = System.nanoTime();
                check(runner.run(ProcessSpec.of(uv.toString(), "pip", "sync", "--python", b.python().toString(), "--require-hashes",
                        "--compile-bytecode", "--index-url", index.url(), exported.toString()).withEnvironment(env)));
                plain[i] = (System.nanoTime() - begin) / 1e6;
                assertThat(installers.installed(b.sitePackages())).hasSize(12).containsEntry("pkg7", "1.0");
            }
            Benchmark.row("project from uv.lock (12 packages) into a fresh venv, uv", Benchmark.Figure.of(ours),
                    "uv pip sync --require-hashes --compile-bytecode of uv export", Benchmark.Figure.of(plain));
            Benchmark.row("the same, until the venv's pylock.toml is written", Benchmark.Figure.of(settled),
                    "uv pip sync --require-hashes --compile-bytecode of uv export", Benchmark.Figure.of(plain));
        }
    }

    private static ProcessResult check(ProcessResult r) {
        if (!r.ok()) {
            throw new IllegalStateException(r.stderr());
        }
        return r;
    }
}
