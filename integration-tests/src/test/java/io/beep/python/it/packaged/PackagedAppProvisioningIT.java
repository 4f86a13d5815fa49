package io.beep.python.it.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.regex.Pattern;

/**
 * Where users meet provisioning: an application packaged by {@code mvn package}, started as a
 * process with an empty {@code user.home} (no {@code ~/.m2}), a fresh home and
 * {@code runtime=embedded}, no {@code maven-repository} set. It must find CPython in the
 * repositories its build resolved from.
 */
class PackagedAppProvisioningIT {

    private static final Path WORK = Path.of("target", "packaged-apps").toAbsolutePath();
    private static final String CPYTHON = "org.bytedeco:cpython:" + TestPython.MAVEN_VERSION + ":jar:" + TestPython.CLASSIFIER;

    @Test
    void aPackagedAppProvisionsFromTheMirrorItsBuildsSettingsName() throws Exception {
        try (LoopbackMavenRepository mirror = LoopbackMavenRepository.start()) {
            String jar = publishCPython(mirror);
            Path work = fresh("mirror");
            Path settings = mirrorSettings(work, mirror);
            UserProject project = userProject(work);

            String build = project.mvnPackage(settings);

            try (RunningApp app = RunningApp.packaged(project.quarkusApp(), work.resolve("run"), Map.of())) {
                String readiness = app.awaitReady(Duration.ofMinutes(3));

                assertThat(readiness).contains("\"python:default\"").contains("\"pythonVersion\": \"3.13.5\"")
                        .contains("\"workers\": \"1/1\"");
                assertThat(mirror.downloads(jar)).isEqualTo(1);
                assertThat(app.logText()).containsPattern("Looking for " + Pattern.quote(CPYTHON) + " in \\[[^\\]\\n]*" + Pattern.quote(mirrorUrl(mirror)));
                // The application's src/main/python travelled inside the packaged application and was unpacked under the home.
                assertThat(work.resolve("run/beep-home/app")).isDirectoryRecursivelyContaining("glob:**/shop/prices.py");
            }
            assertThat(build).contains("recorded the build's Maven repositories for provisioning CPython at run time"
                            + " (from the Quarkus Maven plugin's resolver): [" + mirrorUrl(mirror))
                    .doesNotContain("repo.maven.apache.org/maven2]")
                    .doesNotContain("cannot be read");
        }
    }

    @Test
    void inDevModeTheMirrorOfTheSettingsIsUsedToo() throws Exception {
        try (LoopbackMavenRepository mirror = LoopbackMavenRepository.start()) {
            String jar = publishCPython(mirror);
            Path work = fresh("dev");
            Path settings = mirrorSettings(work, mirror);
            UserProject project = userProject(work);

            try (RunningApp app = RunningApp.devMode(project, settings, Files.createDirectories(work.resolve("run")), Map.of())) {
                String readiness = app.awaitReady(Duration.ofMinutes(4));

                assertThat(readiness).contains("\"python:default\"").contains("\"pythonVersion\": \"3.13.5\"");
                assertThat(mirror.downloads(jar)).isEqualTo(1);
                assertThat(app.logText()).contains("recorded the build's Maven repositories for provisioning CPython at run time")
                        .containsPattern("Looking for " + Pattern.quote(CPYTHON) + " in \\[[^\\]\\n]*" + Pattern.quote(mirrorUrl(mirror)));

                // A change in src/main/python replaces the workers, not the application: they import the new code, which here fails...
                Path prices = project.dir().resolve("src/main/python/shop/prices.py");
                Files.writeString(prices, "raise ImportError('prices are being rewritten')\n");
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() ->
                        assertThat(app.get("/q/health/ready").body()).contains("shop.prices").contains("prices are being rewritten"));
                // ...and once fixed the environment is ready again, the application never restarted.
                Files.writeString(prices, "def total(items):\n    return sum(items) + 0\n");
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() ->
                        assertThat(app.get("/q/health/ready").statusCode()).isEqualTo(200));
                assertThat(app.logText()).contains("changed: replacing the Python worker processes of 'default'").doesNotContain("Restarting quarkus");
            }
        }
    }

    @Test
    void theDemoAppProvisionsFromMavenCentralWithNoLocalRepository() throws Exception {
        assumeCentralReachable();
        Path work = fresh("central");
        // The demo as packaged by this build, which resolves from Central (or the mirror of this machine's settings).
        try (RunningApp app = RunningApp.packaged(Path.of("target", "quarkus-app").toAbsolutePath(), work,
                Map.of("beep.python.runtime", "embedded", "beep.python.packages", ""))) {
            String readiness = app.awaitReady(Duration.ofMinutes(5));

            assertThat(readiness).contains("\"python:default\"").contains("\"pythonVersion\": \"3.13.5\"");
            assertThat(app.logText()).containsPattern("Looking for " + Pattern.quote(CPYTHON) + " in \\['central' https?://")
                    .contains("Provisioned CPython 3.13.5");
        }
    }

    private static String publishCPython(LoopbackMavenRepository mirror) {
        return mirror.publishFromLocalRepository("org.bytedeco", "cpython", TestPython.MAVEN_VERSION, TestPython.CLASSIFIER, "jar");
    }

    private static Path mirrorSettings(Path work, LoopbackMavenRepository mirror) throws IOException {
        return Files.writeString(work.resolve("settings.xml"), UserProject.mirrorSettings("company-mirror", mirror.uri().toString()));
    }

    /** With Python code of its own, preloaded by the workers: readiness proves it reached the packaged application. */
    private static UserProject userProject(Path work) throws IOException {
        return UserProject.create(work.resolve("app"), """
                beep.python.runtime=embedded
                beep.python.python-version=3.13
                beep.python.workers.preload=shop.prices
                """, Map.of("shop/__init__.py", "", "shop/prices.py", "def total(items):\n    return sum(items)\n"));
    }

    private static String mirrorUrl(LoopbackMavenRepository mirror) {
        return "http://127.0.0.1:" + mirror.uri().getPort() + "/repository";
    }

    private static Path fresh(String name) throws IOException {
        Files.createDirectories(WORK);
        return Files.createTempDirectory(WORK, name + "-");
    }

    private static void assumeCentralReachable() {
        URI probe = URI.create("https://repo.maven.apache.org/maven2/org/bytedeco/cpython/maven-metadata.xml");
        String reason;
        try {
            int status = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build()
                    .send(HttpRequest.newBuilder(probe).method("HEAD", HttpRequest.BodyPublishers.noBody())
                            .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            reason = status == 200 ? null : "HTTP " + status + " from " + probe;
        } catch (IOException e) {
            reason = e + " for " + probe;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = "interrupted";
        }
        if (reason != null) {
            System.out.println("[SKIPPED] Maven Central is not reachable from this machine (" + reason + ")");
        }
        assumeTrue(reason == null, () -> "Maven Central is not reachable");
    }
}
