package io.beep.python.it.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.testing.LoopbackMavenRepository;
import io.beep.python.testing.LoopbackPackageIndex;
import io.beep.python.testing.TestPython;
import io.beep.python.testing.WheelBuilder;
import io.beep.python.venv.VenvUsers;
import io.beep.python.venv.VirtualEnvironments;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Build-time environments and Kubernetes, where users meet them: a user project with
 * {@code beep.python.build-time-provisioning=true} and {@code quarkus-kubernetes}, built by a real
 * {@code mvn package} against a company mirror (loopback) and a package index (loopback), then run
 * as a pod would: moved to another directory, an empty home and user.home, offline, and an index
 * URL on a closed port.
 */
class BakedAppIT {

    private static final Path WORK = Path.of("target", "baked-apps").toAbsolutePath();
    private static final Set<String> USE_RECORDS = Set.of(VenvUsers.USE_FILE, VenvUsers.USERS_DIR, VirtualEnvironments.OWNERSHIP_FILE);

    @Test
    void aBakedApplicationIsReadyOfflineAfterBeingMovedAndItsInitTaskPreparesAHome() throws Exception {
        try (LoopbackMavenRepository mirror = LoopbackMavenRepository.start(); LoopbackPackageIndex index = LoopbackPackageIndex.start()) {
            mirror.publishFromLocalRepository("org.bytedeco", "cpython", TestPython.MAVEN_VERSION, TestPython.CLASSIFIER, "jar");
            index.add(WheelBuilder.wheel("alpha", "1.0").requires("beta"), WheelBuilder.wheel("beta", "2.0"), WheelBuilder.wheel("gamma", "3.0"));
            Path work = fresh("baked");
            Path settings = Files.writeString(work.resolve("settings.xml"), UserProject.mirrorSettings("company-mirror", mirror.uri().toString()));
            UserProject project = UserProject.create(work.resolve("app"), """
                    beep.python.build-time-provisioning=true
                    beep.python.python-version=3.13
                    beep.python.packages=alpha
                    beep.python.installer=pip
                    beep.python.index-url=%s
                    quarkus.kubernetes.deployment-target=kubernetes
                    """.formatted(index.url()), Map.of(), List.of("quarkus-kubernetes"));

            Path buildHome = project.dir().resolve("target/beep-python/home");
            long begin = System.nanoTime();
            String build;
            List<String> firstBuildProcesses;
            try (ProcessSampler sampler = ProcessSampler.start()) {
                build = project.mvnPackage(settings);
                firstBuildProcesses = sampler.naming(buildHome);
            }
            long firstBuild = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
            assertThat(build).containsPattern("Beep Python: baked 'default': Python 3\\.13\\.5 at interpreters/\\S+, \\d+ packages, \\d+ MB");
            assertThat(build).contains("resolved org.bytedeco:cpython:jar:" + TestPython.CLASSIFIER + ":" + TestPython.MAVEN_VERSION
                    + " with the build's Maven resolver");
            assertThat(project.quarkusApp().resolve("python/default/baked.json")).exists();

            // The generated manifests: our checks behind the probes, and the init task as a Job plus a waiting init container.
            String kubernetes = Files.readString(project.dir().resolve("target/kubernetes/kubernetes.yml"));
            assertThat(kubernetes).contains("/q/health/ready").contains("/q/health/started")
                    .contains("name: user-app-python-init").contains("kind: Job").contains("QUARKUS_INIT_AND_EXIT")
                    .contains("wait-for-python");
            assertThat(startupAllowance(kubernetes)).as("startup probe allowance in seconds").isGreaterThanOrEqualTo(15 * 60);

            // A second build with unchanged inputs reuses what the first one made: it starts no process in the build home
            // (the first build's processes show that the sampling sees them), and rewrites none of the environment's files,
            // neither in the build home nor in the application, whose files are links to the same inodes again.
            assertThat(firstBuildProcesses).as("processes of the first build naming " + buildHome).isNotEmpty();
            Path bakedOutput = project.quarkusApp().resolve("python");
            Map<String, String> bakedFiles = identities(bakedOutput);
            Map<String, String> buildVenvs = identities(buildHome.resolve("venvs"));
            assertThat(bakedFiles).as("files under " + bakedOutput).containsKey("default/site-packages/alpha/__init__.py");
            begin = System.nanoTime();
            String second;
            List<String> secondBuildProcesses;
            try (ProcessSampler sampler = ProcessSampler.start()) {
                second = project.mvnPackage(settings);
                secondBuildProcesses = sampler.naming(buildHome);
            }
            long secondBuild = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
            assertThat(second).contains("(unchanged since the last build: reused)");
            assertThat(secondBuildProcesses).as("processes of the unchanged build naming " + buildHome).isEmpty();
            assertThat(identities(buildHome.resolve("venvs"))).as("the build home's venvs after the unchanged build").isEqualTo(buildVenvs);
            assertThat(identities(bakedOutput)).as("the baked files after the unchanged build").isEqualTo(bakedFiles);
            System.out.printf("[BENCHMARK] mvn package with baking: first %d ms, second (unchanged) %d ms%n", firstBuild, secondBuild);

            // COPY into an image at another path.
            Path moved = Files.createDirectories(work.resolve("image/deployments"));
            Files.move(project.quarkusApp(), moved.resolve("quarkus-app"));
            Map<String, String> pod = Map.of("beep.python.offline", "true", "beep.python.index-url", "http://127.0.0.1:" + closedPort() + "/simple");
            Path podWork = Files.createDirectories(work.resolve("pod"));
            try (RunningApp app = RunningApp.packaged(moved.resolve("quarkus-app"), podWork, pod)) {
                String readiness = app.awaitReady(Duration.ofMinutes(2));
                assertThat(readiness).contains("\"python:default\"").contains("\"pythonVersion\": \"3.13.5\"");
                assertThat(app.logText()).contains("baked at build time").doesNotContain("Provisioning Python").doesNotContain("Installing");
                System.out.println("[BENCHMARK] baked environment, first start on an empty home: " + readyAfter(app.logText()));
            }
            Path venvPython;
            try (var venvs = Files.list(podWork.resolve("beep-home/venvs"))) {
                venvPython = venvs.filter(p -> p.getFileName().toString().startsWith("default-")).findFirst().orElseThrow().resolve("bin/python");
            }
            var imported = new ProcessBuilder(venvPython.toString(), "-c", "import alpha, beta; print(beta.__file__)").redirectErrorStream(true).start();
            String importedOut = new String(imported.getInputStream().readAllBytes());
            assertThat(imported.waitFor()).as(importedOut).isZero();
            assertThat(importedOut.strip()).startsWith(moved.resolve("quarkus-app/python").toString());
            assertThat(podWork.resolve("beep-home")).isDirectoryNotContaining("glob:**/embedded");

            // The init task on an empty home, for an environment that is not baked (other packages): it bootstraps, exits 0...
            Path initWork = Files.createDirectories(work.resolve("init"));
            Path initHome = initWork.resolve("beep-home");
            Map<String, String> unbaked = Map.of("beep.python.packages", "alpha,gamma", "quarkus.init-and-exit", "true");
            List<String> initProcesses;
            try (ProcessSampler sampler = ProcessSampler.start();
                    RunningApp init = RunningApp.packaged(moved.resolve("quarkus-app"), initWork, unbaked)) {
                assertThat(init.awaitExit(Duration.ofMinutes(4))).as(init.logText()).isZero();
                assertThat(init.logText()).contains("is prepared for the application's pods");
                initProcesses = ownProcesses(sampler.naming(initHome));
            }
            assertThat(initProcesses).as("processes of the init task naming " + initHome).isNotEmpty();
            // ...and the application started next on that home is warm: it starts no process in the home but its workers,
            // and rewrites none of the venv's files.
            Map<String, String> initVenvs = identities(initHome.resolve("venvs"));
            List<String> warmProcesses;
            try (ProcessSampler sampler = ProcessSampler.start();
                    RunningApp app = RunningApp.packaged(moved.resolve("quarkus-app"), initWork, Map.of("beep.python.packages", "alpha,gamma"))) {
                app.awaitReady(Duration.ofMinutes(1));
                assertThat(app.logText()).contains("unchanged since the last start");
                warmProcesses = ownProcesses(sampler.naming(initHome));
            }
            System.out.printf("Processes naming the home: first build %d, unchanged build %d, init task %d, warm start %d%n",
                    firstBuildProcesses.size(), secondBuildProcesses.size(), initProcesses.size(), warmProcesses.size());
            assertThat(warmProcesses).as("processes of the warm start naming " + initHome + ", its JVM and workers aside").isEmpty();
            assertThat(identities(initHome.resolve("venvs"))).as("the venvs after the warm start").isEqualTo(initVenvs);
            // An init run that cannot succeed exits non-zero, printing why.
            try (RunningApp init = RunningApp.packaged(moved.resolve("quarkus-app"), Files.createDirectories(work.resolve("init-bad")),
                    Map.of("beep.python.packages", "no-such-package-xyz", "quarkus.init-and-exit", "true"))) {
                assertThat(init.awaitExit(Duration.ofMinutes(4))).isNotZero();
                assertThat(init.logText()).contains("no-such-package-xyz");
            }

            // A baked.json whose path leaves python/ is refused, naming the file and the field (issue 29, finding 13)...
            Path bakedJson = moved.resolve("quarkus-app/python/default/baked.json");
            String original = Files.readString(bakedJson);
            String tampered = original.replaceFirst("\"sitePackages\"\\s*:\\s*\"[^\"]*\"", "\"sitePackages\": \"../../../../evil/site-packages\"");
            assertThat(tampered).isNotEqualTo(original);
            Files.writeString(bakedJson, tampered);
            try (RunningApp app = RunningApp.packaged(moved.resolve("quarkus-app"), Files.createDirectories(work.resolve("tampered")), pod)) {
                assertThat(app.awaitReadiness("FAILED", Duration.ofMinutes(1))).contains("baked.json").contains("'sitePackages'");
            }
            // ...and an empty one is not used, saying so at WARN; the offline bootstrap that follows fails naming it (finding 14).
            Files.writeString(bakedJson, "");
            try (RunningApp app = RunningApp.packaged(moved.resolve("quarkus-app"), Files.createDirectories(work.resolve("corrupt")), pod)) {
                assertThat(app.awaitReadiness("FAILED", Duration.ofMinutes(1))).contains("baked.json");
                assertThat(app.logText()).contains("WARN").contains(bakedJson + " cannot be used: it is empty");
            }
            Files.writeString(bakedJson, original);
        }
    }

    @Test
    void aPackageTheIndexDoesNotHaveFailsTheBuildNamingIt() throws Exception {
        try (LoopbackMavenRepository mirror = LoopbackMavenRepository.start(); LoopbackPackageIndex index = LoopbackPackageIndex.start()) {
            mirror.publishFromLocalRepository("org.bytedeco", "cpython", TestPython.MAVEN_VERSION, TestPython.CLASSIFIER, "jar");
            Path work = fresh("bad-build");
            Path settings = Files.writeString(work.resolve("settings.xml"), UserProject.mirrorSettings("company-mirror", mirror.uri().toString()));
            UserProject project = UserProject.create(work.resolve("app"), """
                    beep.python.build-time-provisioning=true
                    beep.python.packages=no-such-package-xyz
                    beep.python.index-url=%s
                    """.formatted(index.url()));

            UserProject.BuildOutcome outcome = project.build(settings);

            assertThat(outcome.exitCode()).isNotZero();
            assertThat(outcome.output()).contains("Beep Python could not bake environment 'default'").contains("no-such-package-xyz");
            assertThat(project.quarkusApp().resolve("python/default/baked.json")).doesNotExist();
        }
    }

    /**
     * Every regular file under {@code root}, by relative path: its inode and modification time, which any rewrite, copy
     * or re-creation changes. Left out: the baked description (baked.json), written by every build, and the record of
     * who uses a venv and when (its use lock, users and ownership file), which every start that uses it updates.
     */
    private static Map<String, String> identities(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.toList()) {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String relative = root.relativize(path).toString();
                boolean bookkeeping = relative.equals("baked.json") || relative.endsWith("/baked.json")
                        || Stream.of(relative.split("/")).anyMatch(USE_RECORDS::contains);
                if (attributes.isRegularFile() && !bookkeeping) {
                    files.put(relative, attributes.fileKey() + " " + attributes.lastModifiedTime());
                }
            }
        }
        assertThat(files).as("files under " + root).isNotEmpty();
        return files;
    }

    /** The command lines of processes an application started: its own JVM (whose arguments name the home) and its workers left out. */
    private static List<String> ownProcesses(List<String> commandLines) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return commandLines.stream().filter(line -> !line.startsWith(java + " ")).filter(line -> !line.contains("beep-python-worker-")).toList();
    }

    /**
     * Samples the command lines of this JVM's descendants every few milliseconds until closed: the processes a build or an
     * application starts, which are its descendants. An installer or a venv creation lasts far longer than the interval.
     * Every command line a pid showed is kept apart: a child is first the JDK's spawn helper, then what it executes.
     * Read from {@code /proc/PID/cmdline}, so Linux only (the test is skipped elsewhere, saying why).
     */
    private static final class ProcessSampler implements AutoCloseable {

        private final Map<Long, Set<String>> seen = new ConcurrentHashMap<>();
        private final Thread thread = new Thread(this::run, "baked-app-process-sampler");
        private volatile boolean stop;

        static ProcessSampler start() {
            if (!Files.isReadable(Path.of("/proc/self/cmdline"))) {
                String reason = "no /proc/PID/cmdline on this system to see the processes an application starts";
                System.out.println("SKIPPED: " + reason);
                Assumptions.abort(reason);
            }
            ProcessSampler sampler = new ProcessSampler();
            sampler.thread.setDaemon(true);
            sampler.thread.start();
            return sampler;
        }

        private void run() {
            while (!stop) {
                sample();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void sample() {
            ProcessHandle.current().descendants().forEach(child -> {
                try {
                    byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(child.pid()), "cmdline"));
                    if (raw.length > 0) {
                        seen.computeIfAbsent(child.pid(), pid -> ConcurrentHashMap.newKeySet())
                                .add(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip());
                    }
                } catch (IOException e) {
                    // It ended between listing and reading.
                }
            });
        }

        /** The command lines seen so far that name {@code directory}. */
        List<String> naming(Path directory) {
            sample();
            String name = directory.toAbsolutePath().toString();
            return seen.values().stream().flatMap(Set::stream).filter(line -> line.contains(name)).sorted().toList();
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join(5_000);
        }
    }

    /** initialDelay + period x failureThreshold of the startup probe, in seconds. */
    private static int startupAllowance(String kubernetes) {
        Matcher probe = Pattern.compile("startupProbe:(.*?)(?:\\n\\s{0,10}\\w+:\\n|\\z)", Pattern.DOTALL).matcher(kubernetes);
        assertThat(probe.find()).as("a startup probe in\n" + kubernetes).isTrue();
        String body = probe.group(1);
        return number(body, "initialDelaySeconds", 0) + number(body, "periodSeconds", 10) * number(body, "failureThreshold", 3);
    }

    private static int number(String yaml, String key, int otherwise) {
        Matcher m = Pattern.compile(key + ": (\\d+)").matcher(yaml);
        return m.find() ? Integer.parseInt(m.group(1)) : otherwise;
    }

    /** The bootstrap's own account of how long it took, from its COMPLETE line. */
    private static String readyAfter(String log) {
        Matcher m = Pattern.compile("Python environment 'default' is ready: .*").matcher(log);
        return m.find() ? m.group() : "(no ready line)";
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path fresh(String name) throws IOException {
        Files.createDirectories(WORK);
        return Files.createTempDirectory(WORK, name + "-");
    }
}
