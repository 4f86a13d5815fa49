package io.beep.python.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.ProcessResult;
import io.beep.python.fs.FileTrees;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.testing.Benchmark;
import io.beep.python.testing.TestPython;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A new environment as an application's startup sees it: every run is a new JVM ({@link ColdBootstrapMain})
 * that bootstraps once and prints how long each stage took. Compared with {@code python -m venv} of the
 * same interpreter in the same run, the tool a user would otherwise run to get a fresh environment.
 */
@Tag("benchmark")
class FreshJvmBootstrapBenchmark {

    @TempDir
    Path dir;

    private final ProcessRunner runner = new ProcessRunner();

    /** A new environment, no packages, on an interpreter this home already uses (its venv deleted): the common redeploy. */
    @Test
    void newEnvironmentOnAKnownInterpreter() {
        Path home = dir.resolve("home");
        Path python = TestPython.executable();
        assertThat(child(home, "demo", python.toString()).success).isTrue(); // the home has used this interpreter once
        List<ChildRun> runs = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            delete(home.resolve("venvs"));
            ChildRun run = child(home, "demo", python.toString());
            assertThat(run.success).as(run.output).isTrue();
            runs.add(run);
        }
        Benchmark.Figure venv = Benchmark.pythonMinusMVenv(runner, python, dir, 5);
        Benchmark.row("new environment on a known interpreter, fresh JVM: bootstrap start to ready (processes started: "
                + runs.stream().mapToLong(r -> r.processes).max().orElse(-1) + ")", figure(runs, r -> r.millis), "python -m venv", venv);
        Benchmark.row("same runs, ready per stage (median ms)", stages(runs));
        Benchmark.row("same runs, whole child JVM (start, bootstrap, exit)", figure(runs, r -> r.wallMillis).toString());
    }

    /**
     * The first start on an empty home with {@code runtime=embedded}: provisioning from the local Maven repository, a
     * new seed cache, the venv. Each run gets a new home.
     */
    @Test
    void firstStartOnAnEmptyHome() {
        Path python = TestPython.executable(); // makes sure the jar is in the local Maven repository
        List<ChildRun> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path home = dir.resolve("empty-" + i);
            ChildRun run = child(home, "demo", "embedded", TestPython.VERSION);
            assertThat(run.success).as(run.output).isTrue();
            runs.add(run);
            delete(home);
        }
        Benchmark.Figure venv = Benchmark.pythonMinusMVenv(runner, python, dir, 3);
        Benchmark.row("first start on an empty home (runtime=embedded), fresh JVM: bootstrap start to ready", figure(runs, r -> r.millis),
                "python -m venv", venv);
        Benchmark.row("same runs, ready per stage (median ms)", stages(runs));
        Benchmark.Figure unzip = Benchmark.unzipOfTestPython(runner, dir.resolve("unzip"), 3);
        Benchmark.row("same runs, PROVISIONING_PYTHON", figure(runs, r -> r.stages.getOrDefault("PROVISIONING_PYTHON", 0.0)), "unzip of the same jar",
                unzip);
    }

    private static Object delete(Path path) {
        try {
            FileTrees.delete(path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return path;
    }

    private ChildRun child(Path home, String... args) {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                Benchmark.coreClassPath(), "-Dmaven.repo.local=" + TestPython.localMavenRepository(),
                ColdBootstrapMain.class.getName(), home.toString()));
        argv.addAll(Arrays.asList(args));
        long begin = System.nanoTime();
        ProcessResult result = runner.run(ProcessSpec.of(argv.toArray(String[]::new)).withTimeout(Duration.ofMinutes(5)));
        double wall = (System.nanoTime() - begin) / 1e6;
        return ChildRun.parse(result.stdout() + result.stderr(), wall);
    }

    private static Benchmark.Figure figure(List<ChildRun> runs, java.util.function.ToDoubleFunction<ChildRun> value) {
        return Benchmark.Figure.of(runs.stream().mapToDouble(value).toArray());
    }

    private static String stages(List<ChildRun> runs) {
        return Benchmark.medianPerKey(runs.stream().map(ChildRun::stages).toList());
    }

    /** What one child JVM printed. */
    private record ChildRun(boolean success, double millis, long processes, Map<String, Double> stages, double wallMillis, String output) {
        static ChildRun parse(String output, double wall) {
            Map<String, Double> stages = new TreeMap<>((a, b) -> Integer.compare(stageOrder(a), stageOrder(b)));
            double millis = -1;
            long processes = -1;
            boolean success = false;
            for (String line : output.lines().toList()) {
                if (line.startsWith("stage=")) {
                    String[] parts = line.split(" ");
                    stages.put(parts[0].substring(6), Double.parseDouble(parts[1].substring(7)));
                } else if (line.startsWith("millis=")) {
                    millis = Double.parseDouble(line.substring(7));
                } else if (line.startsWith("processes=")) {
                    processes = Long.parseLong(line.substring(10));
                } else if (line.startsWith("warm=")) {
                    success = line.contains("success=true");
                }
            }
            return new ChildRun(success, millis, processes, stages, wall, output);
        }

        private static int stageOrder(String name) {
            return io.beep.python.BootstrapStage.valueOf(name).ordinal();
        }
    }
}
