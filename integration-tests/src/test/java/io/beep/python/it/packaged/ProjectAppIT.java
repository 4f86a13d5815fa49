package io.beep.python.it.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.testing.LoopbackMavenRepository;
import io.beep.python.testing.LoopbackPackageIndex;
import io.beep.python.testing.TestPython;
import io.beep.python.testing.WheelBuilder;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Issue 32 where users meet it: a user project whose {@code src/main/python} is a Python project
 * ({@code pyproject.toml} with a dev group, and a {@code pylock.toml} pinning an older version than the index
 * serves), with two environments: the default one baked, a second one on a system interpreter (which cannot be
 * baked) left to run time ({@code beep.python."sys".build-time-provisioning=false}). Built by a real {@code mvn package} against loopback
 * repositories, then run on empty homes and user.homes.
 */
class ProjectAppIT {

    private static final Path WORK = Path.of("target", "project-apps").toAbsolutePath();

    @Test
    void aProjectWithALockIsBakedAsLockedAndInstalledAsLockedAtRunTimeBesideAnUnbakedSystemEnvironment() throws Exception {
        WheelBuilder alpha1 = WheelBuilder.wheel("alpha", "1.0");
        try (LoopbackMavenRepository mirror = LoopbackMavenRepository.start(); LoopbackPackageIndex index = LoopbackPackageIndex.start()) {
            mirror.publishFromLocalRepository("org.bytedeco", "cpython", TestPython.MAVEN_VERSION, TestPython.CLASSIFIER, "jar");
            // The index serves a newer alpha: installing 1.0 shows the lock was followed, not resolved anew.
            index.add(alpha1, WheelBuilder.wheel("alpha", "2.0"), WheelBuilder.wheel("gamma", "3.0"));
            index.addBundledPip(TestPython.installDir());
            Path work = Files.createTempDirectory(Files.createDirectories(WORK), "project-");
            Path settings = Files.writeString(work.resolve("settings.xml"), UserProject.mirrorSettings("company-mirror", mirror.uri().toString()));
            UserProject project = UserProject.create(work.resolve("app"), """
                    beep.python.build-time-provisioning=true
                    beep.python.python-version=3.13
                    beep.python.installer=pip
                    beep.python.index-url=%s
                    beep.python."sys".runtime=system
                    beep.python."sys".interpreter=%s
                    beep.python."sys".build-time-provisioning=false
                    """.formatted(index.url(), TestPython.executable()), Map.of(
                    "pyproject.toml", """
                            [project]
                            name = "user-python"
                            version = "0.1.0"
                            dependencies = ["alpha"]

                            [dependency-groups]
                            dev = ["gamma"]
                            """,
                    "pylock.toml", """
                            lock-version = "1.0"
                            created-by = "test"
                            [[packages]]
                            name = "alpha"
                            version = "1.0"
                            wheels = [{ url = "%sfiles/%s", hashes = { sha256 = "%s" } }]
                            """.formatted(index.url().replace("simple/", ""), alpha1.fileName(), WheelBuilder.sha256Hex(alpha1.build()))),
                    List.of());

            String build = project.mvnPackage(settings);

            assertThat(build).contains("Beep Python: baked 'default'").contains("environment 'sys' is not baked");
            assertThat(project.quarkusApp().resolve("python/default/baked.json")).exists();
            assertThat(project.quarkusApp().resolve("python/sys")).doesNotExist();

            // A pod: offline, no index; the baked locked set is used as it is.
            Map<String, String> pod = Map.of("beep.python.offline", "true", "beep.python.index-url", "http://127.0.0.1:" + closedPort() + "/simple");
            Path podWork = Files.createDirectories(work.resolve("pod"));
            try (RunningApp app = RunningApp.packaged(project.quarkusApp(), podWork, pod)) {
                app.awaitReady(Duration.ofMinutes(2));
                assertThat(app.logText()).contains("baked at build time").doesNotContain("Installing");
            }
            assertThat(versions(podWork)).containsEntry("alpha", "1.0").doesNotContainKey("gamma");

            // Not the baked inputs (the lock check is off): the app installs its project at run time from the copy of
            // src/main/python it carries, on an empty home and user.home: the locked set, the dev group left out.
            Map<String, String> unbaked = Map.of("beep.python.project-lock-check", "false");
            Path runWork = Files.createDirectories(work.resolve("run"));
            try (RunningApp app = RunningApp.packaged(project.quarkusApp(), runWork, unbaked)) {
                app.awaitReady(Duration.ofMinutes(3));
                assertThat(app.logText()).contains("bootstrapping it at run time instead").doesNotContain("Ready: Python 3.13.5, 2 packages (baked");
            }
            assertThat(versions(runWork)).containsEntry("alpha", "1.0").doesNotContainKey("gamma");
            // The next start with nothing changed is warm.
            try (RunningApp app = RunningApp.packaged(project.quarkusApp(), runWork, unbaked)) {
                app.awaitReady(Duration.ofMinutes(1));
                assertThat(app.logText()).contains("unchanged since the last start");
            }
        }
    }

    /** Distribution name to version as the default environment's venv python sees them. */
    private static Map<String, String> versions(Path workDir) throws Exception {
        Path python;
        try (Stream<Path> venvs = Files.list(workDir.resolve("beep-home/venvs"))) {
            python = venvs.filter(p -> p.getFileName().toString().startsWith("default-")).findFirst().orElseThrow().resolve("bin/python");
        }
        Process process = new ProcessBuilder(python.toString(), "-c",
                "import importlib.metadata as m\nfor d in m.distributions(): print(d.metadata['Name'] + '=' + d.version)")
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(out).isZero();
        Map<String, String> versions = new java.util.TreeMap<>();
        out.lines().filter(l -> l.contains("=")).forEach(l -> versions.put(l.substring(0, l.indexOf('=')).toLowerCase(), l.substring(l.indexOf('=') + 1)));
        return versions;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
