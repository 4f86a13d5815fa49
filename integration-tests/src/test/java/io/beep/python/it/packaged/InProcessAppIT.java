package io.beep.python.it.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beep.python.testing.LoopbackMavenRepository;
import io.beep.python.testing.TestPython;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * {@code beep.python.workers.mode=in-process} (issue 31) where users meet it: a packaged application with an empty
 * {@code user.home}, the same project in {@code quarkus:dev} (a Python edit re-imports, an application restart finds the
 * interpreter still loaded) and a baked application moved to another directory, offline. The user's code is a bean that
 * calls a function of its {@code src/main/python} in a loop and prints what it got: the Python function returns
 * {@code os.getpid()}, so an answer with the JVM's own pid proves the call ran in the JVM, not in a worker process.
 */
class InProcessAppIT {

    private static final Path WORK = Path.of("target", "in-process-apps").toAbsolutePath();
    private static final Pattern ANSWER = Pattern.compile("PROBE generation=(\\d+) jvm=(\\d+) answer=\\{\"pid\":(\\d+),\"value\":(\\d+)\\}"
            + " numpy=(\\S+)");

    @Test
    void aPackagedAppCallsItsPythonInTheJvm() throws Exception {
        withProject("packaged", "beep.python.runtime=embedded\n", (work, settings, project) -> {
            project.mvnPackage(settings);

            try (RunningApp app = RunningApp.packaged(project.quarkusApp(), work.resolve("run"), Map.of())) {
                app.awaitReady(Duration.ofMinutes(3));
                awaitInProcessAnswer(app, "1", "1");
                assertThat(app.logText()).doesNotContain("Starting 1 workers");
            }
            // numpy, imported in the JVM from the environment's venv, when this machine reaches a package index.
            String unreachable = pypiUnreachable();
            if (unreachable != null) {
                System.out.println("[SKIPPED] numpy in-process: the package index is not reachable from this machine (" + unreachable + ")");
                return;
            }
            try (RunningApp app = RunningApp.packaged(project.quarkusApp(), work.resolve("run-numpy"), Map.of("beep.python.packages", "numpy"))) {
                app.awaitReady(Duration.ofMinutes(6));
                assertThat(awaitInProcessAnswer(app, "1", "1").group(5)).isEqualTo("499999500000.0");
            }
        });
    }

    @Test
    void inDevModeAnEditIsReImportedAndARestartFindsTheInterpreterLoaded() throws Exception {
        withProject("dev", "beep.python.runtime=embedded\n", (work, settings, project) -> {
            try (RunningApp app = RunningApp.devMode(project, settings, Files.createDirectories(work.resolve("run")), Map.of())) {
                app.awaitReady(Duration.ofMinutes(4));
                MatchResult first = awaitInProcessAnswer(app, "1", "1"); // in-process in dev mode too

                // A change in src/main/python: the next call runs the new code, re-imported in the same interpreter.
                Path probe = project.dir().resolve("src/main/python/probe.py");
                Files.writeString(probe, Files.readString(probe).replace("\"value\": 1", "\"value\": 2"));
                MatchResult edited = awaitInProcessAnswer(app, "1", "2");
                assertThat(edited.group(3)).isEqualTo(first.group(3));
                assertThat(app.logText()).contains("Re-imported ").contains("probe").contains("in Python environment 'default'")
                        .doesNotContain("Restarting quarkus");

                // A change of Java code restarts the application (on the next HTTP request) in the same JVM: its new class
                // loader must find CPython and its bindings' library already loaded, and call on.
                Path java = project.dir().resolve("src/main/java/com/example/Probe.java");
                Files.writeString(java, Files.readString(java).replace("GENERATION = \"1\"", "GENERATION = \"2\""));
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
                    app.get("/q/health/ready");
                    assertThat(app.logText()).contains("PROBE generation=2 ");
                });
                MatchResult restarted = awaitInProcessAnswer(app, "2", "2");
                assertThat(restarted.group(3)).as("the same JVM, the same interpreter").isEqualTo(first.group(3));
                assertThat(app.logText()).doesNotContain("UnsatisfiedLinkError").doesNotContain("already loaded in another classloader");
            }
        });
    }

    @Test
    void aBakedAppMovedAndOfflineCallsInProcess() throws Exception {
        withProject("baked", "beep.python.build-time-provisioning=true\n", (work, settings, project) -> {
            String build = project.mvnPackage(settings);
            assertThat(build).contains("Beep Python: baked 'default'");

            Path moved = Files.createDirectories(work.resolve("image/deployments"));
            Files.move(project.quarkusApp(), moved.resolve("quarkus-app"));
            try (RunningApp app = RunningApp.packaged(moved.resolve("quarkus-app"), Files.createDirectories(work.resolve("pod")),
                    Map.of("beep.python.offline", "true"))) {
                app.awaitReady(Duration.ofMinutes(2));
                awaitInProcessAnswer(app, "1", "1");
                assertThat(app.logText()).contains("baked at build time").doesNotContain("Provisioning Python");
            }
        });
    }

    /** One test's body, given its fresh work directory, the Maven settings pointing at the loopback mirror and the user project. */
    @FunctionalInterface
    private interface ProjectTest {
        void run(Path work, Path settings, UserProject project) throws Exception;
    }

    /**
     * The steps every test repeats: a loopback Maven mirror serving the test CPython (closed after {@code test}), a fresh
     * work directory named {@code name}, settings for the mirror, and the user project with {@code properties} added.
     */
    private static void withProject(String name, String properties, ProjectTest test) throws Exception {
        try (LoopbackMavenRepository mirror = LoopbackMavenRepository.start()) {
            mirror.publishFromLocalRepository("org.bytedeco", "cpython", TestPython.MAVEN_VERSION, TestPython.CLASSIFIER, "jar");
            Path work = fresh(name);
            Path settings = Files.writeString(work.resolve("settings.xml"), UserProject.mirrorSettings("company-mirror", mirror.uri().toString()));
            test.run(work, settings, userProject(work, properties));
        }
    }

    /** {@link #awaitAnswer}, checking that the pid Python saw is the JVM's: the call ran in-process, not in a worker. */
    private static MatchResult awaitInProcessAnswer(RunningApp app, String generation, String value) {
        MatchResult answer = awaitAnswer(app, generation, value);
        assertThat(answer.group(3)).as("the pid Python saw is the JVM's: the call ran in-process").isEqualTo(answer.group(2));
        return answer;
    }

    /** Waits for the probe's line of this generation and value (the last one); fails with the log when it never comes. */
    private static MatchResult awaitAnswer(RunningApp app, String generation, String value) {
        MatchResult[] found = {null};
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            MatchResult last = ANSWER.matcher(app.logText()).results()
                    .filter(m -> m.group(1).equals(generation) && m.group(4).equals(value)).reduce((a, b) -> b).orElse(null);
            assertThat(last).as("a probe line of generation " + generation + " with value " + value + " in:\n" + app.logText()).isNotNull();
            found[0] = last;
        });
        return found[0];
    }

    /** A project with the in-process mode, a Python module and a bean that calls it in a loop, printing each new answer. */
    private static UserProject userProject(Path work, String properties) throws IOException {
        UserProject project = UserProject.create(work.resolve("app"), properties + """
                beep.python.python-version=3.13
                beep.python.workers.mode=in-process
                """, Map.of("probe.py", PROBE_PY));
        Path java = Files.createDirectories(project.dir().resolve("src/main/java/com/example")).resolve("Probe.java");
        Files.writeString(java, PROBE_JAVA);
        return project;
    }

    private static final String PROBE_PY = """
            import os


            def answer():
                return {"pid": os.getpid(), "value": 1}


            def numpy_sum():
                try:
                    import numpy
                except ImportError:
                    return "absent"
                return str(float(numpy.arange(1_000_000, dtype=numpy.float64).sum()))
            """;

    private static final String PROBE_JAVA = """
            package com.example;

            import io.beep.python.PythonEnvironment;
            import io.quarkus.runtime.ShutdownEvent;
            import io.quarkus.runtime.StartupEvent;
            import jakarta.enterprise.context.ApplicationScoped;
            import jakarta.enterprise.event.Observes;
            import jakarta.inject.Inject;
            import java.time.Duration;

            @ApplicationScoped
            public class Probe {

                static final String GENERATION = "1";

                @Inject
                PythonEnvironment python;

                private volatile boolean stopped;

                void start(@Observes StartupEvent event) {
                    Thread thread = new Thread(this::loop, "probe-" + GENERATION);
                    thread.setDaemon(true);
                    thread.start();
                }

                void stop(@Observes ShutdownEvent event) {
                    stopped = true;
                }

                private void loop() {
                    String last = "";
                    while (!stopped) {
                        String line;
                        try {
                            python.awaitReady(Duration.ofMinutes(5));
                            line = "PROBE generation=" + GENERATION + " jvm=" + ProcessHandle.current().pid() + " answer="
                                    + python.workers().call("probe:answer") + " numpy=" + python.workers().call("probe:numpy_sum").asText();
                        } catch (RuntimeException e) {
                            line = "PROBE generation=" + GENERATION + " failed: " + e;
                        }
                        if (!line.equals(last)) {
                            System.out.println(line);
                            last = line;
                        }
                        try {
                            Thread.sleep(300);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }
            """;

    /** Why PyPI cannot be reached from here, or null when it can. */
    private static String pypiUnreachable() {
        URI probe = URI.create("https://pypi.org/simple/numpy/");
        try {
            int status = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build()
                    .send(HttpRequest.newBuilder(probe).method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(15)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 ? null : "HTTP " + status + " from " + probe;
        } catch (IOException e) {
            return e + " for " + probe;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static Path fresh(String name) throws IOException {
        Files.createDirectories(WORK);
        return Files.createTempDirectory(WORK, name + "-");
    }
}
