package io.beep.python.it.packaged;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An application started as a process the way users start it: a packaged one
 * ({@code target/quarkus-app/quarkus-run.jar}) as a container would, or a project in
 * {@code quarkus:dev}. Either way its JVM has {@code user.home} an empty directory (so no
 * {@code ~/.m2}), a fresh {@code beep.python.home} and configuration from system properties. Its
 * output goes to a log file that a failing assertion shows.
 */
final class RunningApp implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private RunningApp(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** {@code java -jar quarkus-run.jar} of {@code quarkusApp}. */
    static RunningApp packaged(Path quarkusApp, Path workDir, Map<String, String> config) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmArguments(workDir, port, config));
        command.addAll(List.of("-jar", quarkusApp.resolve("quarkus-run.jar").toString()));
        return start(new ProcessBuilder(command), workDir, port);
    }

    /** {@code mvn quarkus:dev} of {@code project}, with the settings of its build. */
    static RunningApp devMode(UserProject project, Path settings, Path workDir, Map<String, String> config) throws IOException {
        int port = freePort();
        ProcessBuilder builder = project.maven(settings, "quarkus:dev",
                "-Djvm.args=" + String.join(" ", jvmArguments(workDir, port, config)), "-Dquarkus.console.enabled=false");
        return start(builder, workDir, port);
    }

    private static List<String> jvmArguments(Path workDir, int port, Map<String, String> config) throws IOException {
        Path userHome = Files.createDirectories(workDir.resolve("user-home"));
        List<String> arguments = new ArrayList<>(List.of("-Duser.home=" + userHome, "-Dbeep.python.home=" + workDir.resolve("beep-home"),
                "-Dquarkus.http.port=" + port));
        config.forEach((key, value) -> arguments.add("-D" + key + "=" + value));
        return arguments;
    }

    private static RunningApp start(ProcessBuilder builder, Path workDir, int port) throws IOException {
        Path log = workDir.resolve("app.log");
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        return new RunningApp(process, port, log);
    }

    /** Waits until readiness answers UP and returns its body; fails with the log when the app died or never got there. */
    String awaitReady(Duration limit) {
        String[] body = {""};
        await().atMost(limit).pollInterval(Duration.ofMillis(500)).failFast("the application exited", () -> {
            if (!process.isAlive()) {
                throw new AssertionError("exit code " + process.exitValue() + "; its log:\n" + logText());
            }
        }).ignoreExceptions().untilAsserted(() -> {
                    HttpResponse<String> response = get("/q/health/ready");
                    body[0] = response.body();
                    if (response.statusCode() != 200) {
                        throw new AssertionError("readiness is " + response.statusCode() + ": " + response.body());
                    }
                });
        return body[0];
    }

    /** Waits until the readiness body contains {@code text} (a stage such as FAILED) and returns it; fails with the log if it never does. */
    String awaitReadiness(String text, Duration limit) {
        String[] body = {""};
        await().atMost(limit).pollInterval(Duration.ofMillis(500)).failFast("the application exited", () -> {
            if (!process.isAlive()) {
                throw new AssertionError("exit code " + process.exitValue() + "; its log:\n" + logText());
            }
        }).ignoreExceptions().untilAsserted(() -> {
                    body[0] = get("/q/health/ready").body();
                    if (!body[0].contains(text)) {
                        throw new AssertionError("readiness does not say " + text + ": " + body[0]);
                    }
                });
        return body[0];
    }

    /** Waits for the process to exit by itself (an init-and-exit run) and returns its exit code; fails with the log if it does not. */
    int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the application did not exit within " + limit + "; its log:\n" + logText());
        }
        return process.exitValue();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        // quarkus:dev runs the application in a JVM of its own: stop that one too.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
