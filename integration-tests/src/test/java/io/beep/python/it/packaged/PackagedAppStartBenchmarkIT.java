package io.beep.python.it.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.fs.FileTrees;
import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.Benchmark;
import io.beep.python.testing.LoopbackMavenRepository;
import io.beep.python.testing.TestPython;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A new environment where users wait for it: the packaged demo ({@code target/quarkus-app}) started as a container
 * starts it (a new JVM, an empty {@code user.home}), timed from its own log: from the moment the bootstrap began
 * (the first stage's line minus its duration) to the last stage's line, when the environment turned ready. Beside
 * it, {@code python -m venv} of the same interpreter in the same run.
 */
@Tag("benchmark")
class PackagedAppStartBenchmarkIT {

    private static final Path WORK = Path.of("target", "packaged-benchmarks").toAbsolutePath();
    private static final Path APP = Path.of("target", "quarkus-app").toAbsolutePath();
    private static final Pattern STAGE = Pattern.compile(
            "^(\\S+ \\S+) .*Python environment 'default': ([A-Z_]+) took ([0-9.]+) ?(ms|s)$", Pattern.MULTILINE);
    private static final Pattern STARTED = Pattern.compile("^(\\S+ \\S+) .* started in [0-9.]+s\\.", Pattern.MULTILINE);
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    private final ProcessRunner runner = new ProcessRunner();

    /** The redeploy: an explicit interpreter this home already used, no packages, the venv deleted. */
    @Test
    void newEnvironmentOnAKnownInterpreter() throws Exception {
        Path python = TestPython.executable();
        Path work = fresh("known");
        Map<String, String> config = Map.of("beep.python.interpreter", python.toString(), "beep.python.packages", "");
        start(work, config); // the home meets this interpreter once
        List<Start> starts = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            FileTrees.delete(work.resolve("beep-home/venvs"));
            starts.add(start(work, config));
        }
        Benchmark.Figure venv = Benchmark.pythonMinusMVenv(runner, python, work, 5);
        Benchmark.row("packaged app, new environment on a known interpreter (home used, venv deleted): bootstrap start to ready",
                figure(starts), "python -m venv", venv);
        Benchmark.row("same starts, per stage (median ms)", stages(starts));
        launches(starts);
    }

    /** A new pod: an empty home, {@code runtime=embedded}, CPython from a Maven repository (loopback, so the network is not measured). */
    @Test
    void firstStartOnAnEmptyHome() throws Exception {
        try (LoopbackMavenRepository mirror = LoopbackMavenRepository.start()) {
            mirror.publishFromLocalRepository("org.bytedeco", "cpython", TestPython.MAVEN_VERSION, TestPython.CLASSIFIER, "jar");
            firstStarts("first start on an empty home (runtime=embedded, loopback repository)", "download",
                    Map.of("beep.python.distribution.maven-repository", mirror.uri().toString()));
        }
    }

    /** The same with the jar already in the local Maven repository (a developer's machine, a CI cache): no download. */
    @Test
    void firstStartOnAnEmptyHomeWithTheJarInTheLocalRepository() throws Exception {
        firstStarts("first start on an empty home (runtime=embedded, jar in the local Maven repository)", "find",
                Map.of("maven.repo.local", TestPython.localMavenRepository().toString()));
    }

    private void firstStarts(String what, String fetch, Map<String, String> source) throws Exception {
        Path python = TestPython.executable();
        Map<String, String> config = new java.util.HashMap<>(Map.of("beep.python.runtime", "embedded",
                "beep.python.python-version", TestPython.VERSION, "beep.python.packages", ""));
        config.putAll(source);
        List<Start> starts = new ArrayList<>();
        double[] unzips = new double[5];
        for (int i = 0; i < unzips.length; i++) { // taking turns, so that both meet the disk in the same state
            starts.add(start(fresh("empty"), config));
            assertThat(starts.get(i).log()).contains(" to " + fetch + " "); // found locally, or downloaded: as asked
            unzips[i] = Benchmark.unzipOfTestPython(runner, fresh("unzip"), 1).medianMs();
        }
        Benchmark.Figure unzip = Benchmark.Figure.of(unzips);
        Benchmark.Figure venv = Benchmark.pythonMinusMVenv(runner, python, fresh("venv"), 3);
        Benchmark.row("packaged app, " + what + ": bootstrap start to ready", figure(starts), "python -m venv", venv);
        Benchmark.row("same starts, per stage (median ms)", stages(starts));
        launches(starts);
        Benchmark.row("same starts, PROVISIONING_PYTHON (" + fetch + ", checksums, extraction, check, atomic install)",
                Benchmark.Figure.of(starts.stream().mapToDouble(st -> st.stages.get("PROVISIONING_PYTHON")).toArray()),
                "unzip of the same jar", unzip);
    }

    private static Start start(Path work, Map<String, String> config) throws Exception {
        long launched = System.currentTimeMillis();
        try (RunningApp app = RunningApp.packaged(APP, work, config)) {
            String readiness = app.awaitReady(Duration.ofMinutes(3));
            assertThat(readiness).contains("\"python:default\"");
            return Start.parse(app.logText(), launched);
        }
    }

    private static Benchmark.Figure figure(List<Start> starts) {
        return Benchmark.Figure.of(starts.stream().mapToDouble(Start::toReadyMillis).toArray());
    }

    /** What the user waits for: the process launched, Quarkus started (its "started in" line), Python ready. */
    private static void launches(List<Start> starts) {
        Benchmark.row("same starts, process launch to Quarkus started", Benchmark.Figure.of(starts.stream()
                .mapToDouble(Start::launchToStartedMillis).toArray()).toString());
        Benchmark.row("same starts, process launch to the environment ready", Benchmark.Figure.of(starts.stream()
                .mapToDouble(Start::launchToReadyMillis).toArray()).toString());
    }

    private static String stages(List<Start> starts) {
        return Benchmark.medianPerKey(starts.stream().map(Start::stages).toList());
    }

    private static Path fresh(String name) throws IOException {
        Files.createDirectories(WORK);
        return Files.createTempDirectory(WORK, name + "-");
    }

    /**
     * One start's stage lines: their durations and the bootstrap's start-to-ready time on the log's clock; and, from
     * the launch (this JVM's clock, which the log's shares), when Quarkus said it started and when Python was ready.
     */
    private record Start(Map<String, Double> stages, double toReadyMillis, double launchToStartedMillis, double launchToReadyMillis,
            String log) {
        static Start parse(String log, long launchedEpochMillis) {
            Map<String, Double> stages = new LinkedHashMap<>();
            LocalDateTime begin = null;
            LocalDateTime end = null;
            Matcher m = STAGE.matcher(log);
            while (m.find()) {
                double ms = Double.parseDouble(m.group(3)) * (m.group(4).equals("s") ? 1000 : 1);
                LocalDateTime at = LocalDateTime.parse(m.group(1), LOG_TIME);
                if (begin == null) {
                    begin = at.minusNanos((long) (ms * 1e6));
                }
                end = at;
                stages.put(m.group(2), ms);
            }
            assertThat(stages).as(log).containsKeys("INITIALIZING", "VERIFYING");
            Matcher started = STARTED.matcher(log);
            assertThat(started.find()).as(log).isTrue();
            return new Start(stages, Duration.between(begin, end).toNanos() / 1e6,
                    epochMillis(LocalDateTime.parse(started.group(1), LOG_TIME)) - launchedEpochMillis, epochMillis(end) - launchedEpochMillis,
                    log);
        }

        private static long epochMillis(LocalDateTime logTime) {
            return logTime.atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli();
        }
    }
}
