package io.beep.python.cli;

import io.beep.python.testing.LoopbackMavenRepository;
import io.beep.python.testing.PatchReleaseJars;
import io.beep.python.testing.LoopbackPackageIndex;
import io.beep.python.testing.TestPython;
import io.beep.python.testing.WheelBuilder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI as people and scripts meet it: the packaged jar run as a child process against a real
 * CPython served by a loopback Maven repository and real wheels from a loopback package index.
 */
class CliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CPYTHON = LoopbackMavenRepository.artifactPath("org.bytedeco", "cpython", TestPython.MAVEN_VERSION,
            TestPython.CLASSIFIER, "jar");

    /**
     * Wheels whose download the signal tests hold half-sent, so that pip is installing when the signal comes: one
     * project per test, since a set installed once is linked from the home's store the next time, with no download.
     */
    private static final WheelBuilder HELD_TERM = held("heldterm");
    private static final WheelBuilder HELD_INT = held("heldint");
    private static final WheelBuilder HELD_KILL = held("heldkill");

    static LoopbackMavenRepository repository;
    static LoopbackPackageIndex index;
    /** One home with a managed CPython installed by the CLI (plain output), shared by the tests that need one. */
    static Cli shared;
    static Cli.Run sharedInstall;
    static long sharedDownloads;

    @BeforeAll
    static void fixtures() throws IOException {
        repository = LoopbackMavenRepository.start();
        repository.publishFromLocalRepository("org.bytedeco", "cpython", TestPython.MAVEN_VERSION, TestPython.CLASSIFIER, "jar");
        repository.serve("org/bytedeco/cpython/maven-metadata.xml",
                "<metadata><groupId>org.bytedeco</groupId><artifactId>cpython</artifactId></metadata>".getBytes(StandardCharsets.UTF_8));
        index = LoopbackPackageIndex.start();
        index.add(WheelBuilder.wheel("alpha", "1.0").module("alpha/__init__.py", "VALUE = 'alpha 1.0'\n"));
        index.add(HELD_TERM, HELD_INT, HELD_KILL);
        index.addBundledPip(TestPython.installDir());
        shared = new Cli(workDir("shared"));
        long before = repository.downloads(CPYTHON);
        sharedInstall = shared.run("install", "3.13", "--maven-repository", repository.uri().toString());
        sharedDownloads = repository.downloads(CPYTHON) - before;
    }

    @AfterAll
    static void close() {
        repository.close();
        index.close();
    }

    private static WheelBuilder held(String name) {
        return WheelBuilder.wheel(name, "1.0").module(name + "/__init__.py", "VALUE = '" + name + " 1.0'\n" + "#".repeat(64 * 1024));
    }

    static Path workDir(String name) throws IOException {
        Path base = Files.createDirectories(Path.of("target", "cli-it").toAbsolutePath());
        return Files.createTempDirectory(base, name + "-");
    }

    static JsonNode json(Cli.Run run) throws IOException {
        return JSON.readTree(run.stdout());
    }

    @Test
    void runtimesUpgradeDryRunNamesTheNewerPatchAndInstallsNothingThenUpgradeInstallsIt() throws IOException {
        Cli cli = new Cli(workDir("upgrade"));
        Cli.Run install = cli.run("install", "3.13", "--maven-repository", repository.uri().toString());
        assertThat(install.exitCode()).as(install.toString()).isZero();
        try (LoopbackMavenRepository patches = LoopbackMavenRepository.start()) {
            patches.publishFromLocalRepository("org.bytedeco", "cpython", TestPython.MAVEN_VERSION, TestPython.CLASSIFIER, "jar");
            PatchReleaseJars.publish(patches, "3.13.6", PatchReleaseJars.relabelled("3.13.6"), List.of("3.13.6"));

            Cli.Run dryRun = cli.run("runtimes", "--upgrade", "--dry-run", "--maven-repository", patches.uri().toString(), "--json");
            Cli.Run plain = cli.run("runtimes", "--upgrade", "--dry-run", "--maven-repository", patches.uri().toString());
            Cli.Run alone = cli.run("runtimes", "--dry-run");

            assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
            JsonNode upgrade = json(dryRun).path("upgrades").get(0);
            assertThat(upgrade.path("current").asText()).isEqualTo("3.13.5");
            assertThat(upgrade.path("newer").asText()).isEqualTo("3.13.6");
            assertThat(upgrade.path("where").asText()).contains(patches.uri("org/bytedeco/cpython/maven-metadata.xml").toString());
            assertThat(plain.stdout()).contains("3.13.5 -> 3.13.6 (dry run: nothing installed)");
            assertThat(patches.requests()).noneMatch(r -> r.path().contains("3.13.6"));
            assertThat(cli.home().resolve("embedded/cpython-3.13.6-linux-x86_64")).doesNotExist();
            assertThat(alone.exitCode()).as(alone.toString()).isEqualTo(2);
            assertThat(alone.stderr()).contains("--dry-run goes with --upgrade");

            // Without --dry-run: installed, checked, released (not held) and registered, so the next start may choose it.
            Cli.Run upgraded = cli.run("runtimes", "--upgrade", "--maven-repository", patches.uri().toString(), "--json");
            assertThat(upgraded.exitCode()).as(upgraded.toString()).isZero();
            JsonNode done = json(upgraded).path("upgrades").get(0);
            assertThat(done.path("newer").asText()).isEqualTo("3.13.6");
            Path installed = cli.home().resolve("embedded/cpython-3.13.6-linux-x86_64");
            assertThat(done.path("installed").asText()).startsWith(installed.toString());
            assertThat(installed.resolve(".beep-python-held")).doesNotExist();
            Cli.Run listed = cli.run("runtimes", "--json");
            List<String> versions = new ArrayList<>();
            json(listed).path("runtimes").forEach(r -> versions.add(r.path("version").asText()));
            assertThat(versions).contains("3.13.5", "3.13.6");
        }
    }

    @Test
    void installDownloadsVerifiesAndRegistersTheInterpreterWithPlainProgressLinesOffATerminal() throws IOException {
        assertThat(sharedInstall.exitCode()).as(sharedInstall.toString()).isZero();
        assertThat(sharedInstall.stdout()).contains("Installed CPython 3.13.5 at ");
        assertThat(sharedInstall.stderr()).contains("Provisioning Python 3.13 from maven").contains("(100%)").doesNotContain("\r")
                .doesNotContain("\033[K");
        assertThat(sharedDownloads).isEqualTo(1);
        Path python = shared.home().resolve("embedded/cpython-3.13.5-linux-x86_64/bin/python3");
        assertThat(python).isExecutable();

        long before = repository.downloads(CPYTHON);
        Cli.Run again = shared.run("install", "3.13", "--maven-repository", repository.uri().toString(), "--json");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        JsonNode doc = json(again);
        assertThat(doc.path("downloaded").asBoolean()).isFalse();
        assertThat(doc.path("version").asText()).isEqualTo("3.13.5");
        assertThat(repository.downloads(CPYTHON)).as("a present interpreter is not downloaded again").isEqualTo(before);

        Cli.Run runtimes = shared.run("runtimes", "--json");
        assertThat(runtimes.exitCode()).as(runtimes.toString()).isZero();
        List<String> managed = new ArrayList<>();
        json(runtimes).path("runtimes").forEach(r -> {
            if (r.path("type").asText().equals("EMBEDDED")) {
                managed.add(r.path("version").asText() + " " + r.path("status").asText() + " " + r.path("executable").asText());
            }
        });
        assertThat(managed).containsExactly("3.13.5 READY " + python);
    }

    @Test
    void onATerminalProgressIsOneRedrawnBarWithBytesAndPercent() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux 'script' is not installed: no pseudo-terminal");
        Cli cli = new Cli(workDir("tty"));
        Cli.Run run = cli.onTerminal("install", "3.13", "--maven-repository", repository.uri().toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("\r\033[K").contains("100%").contains(" MiB / ").contains("[##############################]")
                .contains("Installed CPython 3.13.5");
        assertThat(run.stdout()).doesNotContain("downloaded ");

        Cli.Run quiet = new Cli(workDir("quiet")).onTerminal("install", "3.13", "--quiet", "--maven-repository", repository.uri().toString());
        assertThat(quiet.exitCode()).as(quiet.toString()).isZero();
        // (a terminal turns every newline into \r\n: the bar is told apart by its erase-line sequence)
        assertThat(quiet.stdout()).doesNotContain("\033[K").doesNotContain("%").contains("Installed CPython 3.13.5");
    }

    @Test
    void aVersionNoRepositoryHasExitsNotFound() throws IOException {
        Cli.Run run = new Cli(workDir("missing")).run("--json", "install", "3.12", "--maven-repository", repository.uri().toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        JsonNode doc = json(run);
        assertThat(doc.path("exitCode").asInt()).isEqualTo(3);
        assertThat(doc.path("error").asText()).contains("3.12");
    }

    @Test
    void aRepositoryThatDoesNotAnswerIsNamedInTheNotFoundError() throws IOException {
        Cli.Run run = new Cli(workDir("offline")).run("install", "3.13", "--maven-repository", "http://127.0.0.1:9/repository/");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.stderr()).contains("beep-python: Cannot find org.bytedeco:cpython:3.13.5-1.5.12").contains("127.0.0.1:9");
    }

    @Test
    void envCreateMakesAVenvWithThePackagesAndLockRewritesItsLockFile() throws IOException, InterruptedException {
        Path venv = workDir("venvs").resolve("app");
        Cli.Run run = shared.run("env", "create", venv.toString(), "--python", "3.13", "--package", "alpha==1.0", "--installer", "pip",
                "--index-url", index.url(), "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode doc = json(run);
        assertThat(doc.path("pythonVersion").asText()).isEqualTo("3.13.5");
        assertThat(doc.path("packages").path("alpha").asText()).isEqualTo("1.0");
        assertThat(doc.path("path").asText()).isEqualTo(venv.toString());
        Path python = venv.resolve("bin/python");
        Process check = new ProcessBuilder(python.toString(), "-c", "import alpha; print(alpha.VALUE)").redirectErrorStream(true).start();
        assertThat(new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()).isEqualTo("alpha 1.0");
        assertThat(check.waitFor()).isZero();

        Path lock = venv.resolve("pylock.toml");
        Files.deleteIfExists(lock);
        Cli.Run locked = shared.run("lock", venv.toString(), "--installer", "pip", "--index-url", index.url(), "--json");
        assertThat(locked.exitCode()).as(locked.toString()).isZero();
        assertThat(json(locked).path("file").asText()).isEqualTo(lock.toString());
        JsonNode alpha = null;
        for (JsonNode p : new TomlMapper().readTree(lock.toFile()).path("packages")) {
            if (p.path("name").asText().equals("alpha")) {
                alpha = p;
            }
        }
        assertThat(alpha).as(Files.readString(lock)).isNotNull();
        assertThat(alpha.path("version").asText()).isEqualTo("1.0");
        assertThat(alpha.path("wheels").path(0).path("hashes").path("sha256").asText())
                .isEqualTo(WheelBuilder.sha256Hex(WheelBuilder.wheel("alpha", "1.0").module("alpha/__init__.py", "VALUE = 'alpha 1.0'\n").build()));

        // A distribution whose METADATA is garbage still runs: it is locked by its directory name, with a warning naming the file.
        Path metadata = venv.resolve("lib/python3.13/site-packages/alpha-1.0.dist-info/METADATA");
        Files.writeString(metadata, "garbage\u0000\n");
        Files.delete(lock);
        Cli.Run garbled = shared.run("lock", venv.toString(), "--installer", "pip", "--index-url", index.url());
        assertThat(garbled.exitCode()).as(garbled.toString()).isZero();
        assertThat(garbled.stderr()).contains("warning: ").contains("alpha-1.0.dist-info/METADATA")
                .contains("alpha 1.0 is recorded from its directory name");
        assertThat(Files.readString(lock)).contains("name = 'alpha', version = '1.0'");

        Cli.Run notAVenv = shared.run("lock", venv.getParent().toString());
        assertThat(notAVenv.exitCode()).as(notAVenv.toString()).isEqualTo(3);
        assertThat(notAVenv.stderr()).contains("No virtual environment at " + venv.getParent());
    }

    @Test
    void gcRemovesAVenvUnusedForLongerThanItsAgeKeepsARecentOneAndADryRunOnlySaysSo() throws IOException {
        Path venvs = shared.home().resolve("venvs");
        Path old = venvs.resolve("old-0123456789abcdef");
        Path recent = venvs.resolve("recent-0123456789abcdef");
        for (Path venv : List.of(old, recent)) {
            Cli.Run made = shared.run("env", "create", venv.toString(), "--python", "3.13", "--offline");
            assertThat(made.exitCode()).as(made.toString()).isZero();
        }
        Files.setLastModifiedTime(old.resolve(".beep-python-venv"),
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofDays(30))));

        Cli.Run dry = shared.run("gc", "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.stdout()).contains("would remove  " + old + " (unused for 30 days)").contains("kept          " + recent + " (used recently");
        assertThat(old).isDirectory();

        Cli.Run gc = shared.run("gc", "--json");
        assertThat(gc.exitCode()).as(gc.toString()).isZero();
        assertThat(json(gc).path("venvs").toString()).contains("\"path\":\"" + old + "\",\"action\":\"REMOVED\"");
        assertThat(old).doesNotExist();
        assertThat(recent.resolve("bin/python")).isExecutable();
    }

    @Test
    void envCreateWithAnUnknownProfileExitsNotFoundAndLeavesNothing() throws IOException {
        Path venv = workDir("venvs").resolve("bad");
        Cli.Run run = shared.run("env", "create", venv.toString(), "--profile", "dat-science", "--offline");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.stderr()).contains("Unknown profile 'dat-science'");
        assertThat(venv).doesNotExist();

        Cli.Run badSpec = shared.run("env", "create", venv.toString(), "--package", "six>>>1", "--offline");
        assertThat(badSpec.exitCode()).as(badSpec.toString()).isEqualTo(2);
        assertThat(badSpec.stderr()).contains("six>>>1");
    }

    @Test
    void envCreateRefusesAVenvItDidNotMakeAndLeavesEveryFileInIt() throws IOException, InterruptedException {
        // The common `python -m venv .` habit: a venv made by another Python, with the user's own files beside it.
        Path dir = workDir("venvs").resolve("project");
        Process venv = new ProcessBuilder(TestPython.executable().toString(), "-m", "venv", "--without-pip", "--copies", dir.toString())
                .redirectErrorStream(true).start();
        String venvOutput = new String(venv.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(venv.waitFor()).as(venvOutput).isZero();
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/app.py"), "print('mine')\n");
        Files.writeString(dir.resolve("requirements.txt"), "alpha==1.0\n");
        List<Path> before;
        try (var files = Files.walk(dir)) {
            before = files.sorted().toList();
        }

        Cli.Run run = shared.run("env", "create", dir.toString(), "--python", "3.13", "--requirements", dir.resolve("requirements.txt").toString(),
                "--installer", "pip", "--index-url", index.url());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.stderr()).contains("'" + dir + "' is a virtual environment that Beep Python did not make").contains("venv");
        try (var files = Files.walk(dir)) {
            assertThat(files.sorted().toList()).isEqualTo(before);
        }
        assertThat(dir.resolve("src/app.py")).hasContent("print('mine')");
        assertThat(dir.resolve("requirements.txt")).hasContent("alpha==1.0");
    }

    @Test
    void profilesAreAddedShownAndRemovedInTheHomesFile() throws IOException {
        Cli cli = new Cli(workDir("profiles"));
        Cli.Run added = cli.run("profiles", "add", "api", "httpx>=0.27", "pydantic", "--description", "API clients");
        assertThat(added.exitCode()).as(added.toString()).isZero();
        assertThat(Files.readString(cli.home().resolve("package-requirements.json"))).contains("httpx>=0.27");

        JsonNode shown = json(cli.run("--json", "profiles", "show", "api"));
        assertThat(shown.path("requirements").toString()).isEqualTo("[\"httpx>=0.27\",\"pydantic\"]");
        assertThat(shown.path("description").asText()).isEqualTo("API clients");

        List<String> names = new ArrayList<>();
        json(cli.run("profiles", "list", "--json")).path("profiles").forEach(p -> names.add(p.path("name").asText()));
        assertThat(names).contains("base", "data-science", "machine-learning", "web", "api");

        assertThat(cli.run("profiles", "remove", "api").exitCode()).isZero();
        Cli.Run gone = cli.run("profiles", "show", "api", "--json");
        assertThat(gone.exitCode()).isEqualTo(3);
        assertThat(json(gone).path("error").asText()).isEqualTo("Unknown profile 'api'; known: base, data-science, machine-learning, web");

        Cli.Run invalid = cli.run("profiles", "add", "broken", "six>>>1");
        assertThat(invalid.exitCode()).as(invalid.toString()).isEqualTo(2);
        assertThat(invalid.stderr()).contains("six>>>1");

        // A bad profile name is bad usage too (docs/cli.md), whether its characters or its length.
        Cli.Run escaping = cli.run("profiles", "add", "../x", "six");
        assertThat(escaping.exitCode()).as(escaping.toString()).isEqualTo(2);
        assertThat(escaping.stderr()).contains("'../x'");
        Cli.Run huge = cli.run("profiles", "add", "p".repeat(5000), "six");
        assertThat(huge.exitCode()).as(huge.toString()).isEqualTo(2);
        assertThat(huge.stderr()).contains("5000 characters");
        assertThat(Files.readString(cli.home().resolve("package-requirements.json"))).doesNotContain("../x").doesNotContain("ppppp");
    }

    @Test
    void doctorPassesWithReachableSourcesAndNamesWhatToDoOtherwise() throws IOException {
        Files.createDirectories(shared.home().resolve("locks"));
        Files.writeString(shared.home().resolve("locks/orphan.lock"), "");
        Files.writeString(shared.home().resolve("locks/orphan.lock.owner"), "2147483646\n");

        Cli.Run healthy = shared.run("doctor", "--maven-repository", repository.uri().toString(), "--index-url", index.url(), "--json");
        assertThat(healthy.exitCode()).as(healthy.toString()).isZero();
        JsonNode doc = json(healthy);
        assertThat(doc.path("ok").asBoolean()).isTrue();
        List<String> checks = new ArrayList<>();
        doc.path("checks").forEach(c -> checks.add(c.path("check").asText() + "=" + c.path("status").asText()));
        assertThat(checks).contains("home=ok", "interpreters=ok", "python 3.13=ok", "maven repository=ok", "package index=ok", "locks=ok",
                "lock orphan=warn");

        Cli.Run broken = shared.run("doctor", "--maven-repository", "http://127.0.0.1:9/repository/", "--index-url", index.url());
        assertThat(broken.exitCode()).as(broken.toString()).isEqualTo(1);
        assertThat(broken.stdout()).containsPattern("(?m)^FAIL  maven repository: http://127.0.0.1:9/repository/ cannot be reached .* -> ")
                .containsPattern("(?m)^ok    package index: ")
                .containsPattern("(?m)^WARN  lock orphan: .*2147483646");
    }

    @Test
    void helpVersionCompletionAndUsageErrors() {
        Cli cli = new Cli(workDirUnchecked("usage"));
        Cli.Run version = cli.run("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.stdout()).startsWith("beep-python 0.1.0");
        for (String command : List.of("runtimes", "install", "env", "profiles", "doctor", "lock", "completion")) {
            Cli.Run help = cli.run(command, "--help");
            assertThat(help.exitCode()).as(command + ": " + help).isZero();
            assertThat(help.stdout()).contains("Usage: beep-python " + command);
        }
        Cli.Run completion = cli.run("completion");
        assertThat(completion.exitCode()).isZero();
        assertThat(completion.stdout()).contains("complete -F").contains("runtimes").contains("doctor");
        Cli.Run unknown = cli.run("runtimez");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("runtimez").contains("runtimes");
        Cli.Run badOption = cli.run("--json", "runtimes", "--refrsh");
        assertThat(badOption.exitCode()).isEqualTo(2);
        assertThat(badOption.stdout()).contains("\"exitCode\" : 2").contains("--refrsh");
        assertThat(cli.run("install").exitCode()).isEqualTo(2);
    }

    @Test
    void sigtermDuringTheInstallStopsPipAndLeavesNeitherTheNewVenvNorLeftovers() throws Exception {
        Path venv = workDir("signals").resolve("fresh");
        Cli.Run run;
        List<ProcessHandle> children;
        try (LoopbackPackageIndex.Stall stall = index.stall(HELD_TERM.fileName())) {
            Cli.Started cli = shared.start("env", "create", venv.toString(), "--python", "3.13", "--package", "heldterm==1.0", "--installer", "pip",
                    "--index-url", index.url());
            children = installing(cli, stall);
            cli.process().destroy(); // SIGTERM
            run = shared.await(cli);
            // While the download is still held: a pip left running would still be waiting for it.
            assertAllGone(children, run);
        }
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(143);
        assertThat(run.stderr()).contains("stopped by a signal");
        assertThat(venv).as("a venv this run began is removed whole: " + run).doesNotExist();
        assertNoLeftovers(venv, run);
    }

    @Test
    void sigintDuringTheInstallStopsPipRollsTheVenvBackAndALaterRunFinishesIt() throws Exception {
        Path venv = workDir("signals").resolve("kept");
        Cli.Run made = shared.run("env", "create", venv.toString(), "--python", "3.13", "--package", "alpha==1.0", "--installer", "pip",
                "--index-url", index.url());
        assertThat(made.exitCode()).as(made.toString()).isZero();
        Cli.Run run;
        List<ProcessHandle> children;
        try (LoopbackPackageIndex.Stall stall = index.stall(HELD_INT.fileName())) {
            Cli.Started cli = shared.start("env", "create", venv.toString(), "--python", "3.13", "--package", "alpha==1.0", "--package",
                    "heldint==1.0", "--installer", "pip", "--index-url", index.url());
            children = installing(cli, stall);
            Assumptions.assumeFalse(ignoresSigint(cli.process().pid()), "this test runs with SIGINT ignored (a background job): kill -INT cannot reach the CLI");
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(cli.process().pid())).inheritIO().start();
            assertThat(kill.waitFor()).isZero();
            run = shared.await(cli);
            assertAllGone(children, run);
        }
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(130);
        // Rolled back to the venv as it was: alpha works, nothing of heldint is left.
        assertThat(python(venv, "import alpha; print(alpha.VALUE)")).isEqualTo("alpha 1.0");
        try (var files = Files.walk(venv)) {
            assertThat(files.map(Path::toString).filter(f -> f.contains("heldint")).toList()).as(run.toString()).isEmpty();
        }
        assertNoLeftovers(venv, run);

        Cli.Run later = shared.run("env", "create", venv.toString(), "--python", "3.13", "--package", "alpha==1.0", "--package", "heldint==1.0",
                "--installer", "pip", "--index-url", index.url());
        assertThat(later.exitCode()).as(later.toString()).isZero();
        assertThat(python(venv, "import heldint; print(heldint.VALUE[:11])")).isEqualTo("heldint 1.0");
        assertNoLeftovers(venv, later);
    }

    @Test
    void aLaterRunRemovesTheRollbackAndWorkDirectoryAKilledCliLeft() throws Exception {
        Path venv = workDir("signals").resolve("killed");
        Cli.Run killed;
        try (LoopbackPackageIndex.Stall stall = index.stall(HELD_KILL.fileName())) {
            Cli.Started cli = shared.start("env", "create", venv.toString(), "--python", "3.13", "--package", "heldkill==1.0", "--installer", "pip",
                    "--index-url", index.url());
            installing(cli, stall);
            cli.process().destroyForcibly(); // kill -9: no hook runs, the install's scratch stays
            killed = shared.await(cli);
        }
        // The orphaned pip gets the rest of its download now and finishes; the killed JVM's scratch is still there.
        try (var beside = Files.list(venv.getParent())) {
            assertThat(beside.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".beep-python-rollback-")).toList())
                    .as(killed.toString()).isNotEmpty();
        }

        Cli.Run later = shared.run("env", "create", venv.toString(), "--python", "3.13", "--package", "heldkill==1.0", "--installer", "pip",
                "--index-url", index.url());
        assertThat(later.exitCode()).as(later.toString()).isZero();
        assertThat(python(venv, "import heldkill; print(heldkill.VALUE[:12])")).isEqualTo("heldkill 1.0");
        assertNoLeftovers(venv, later);
    }

    /** Once the stalled download is under way: the CLI's descendants, pip among them (the processes the signal must stop). */
    private static List<ProcessHandle> installing(Cli.Started cli, LoopbackPackageIndex.Stall stall) throws Exception {
        if (!stall.awaitRequest(java.time.Duration.ofMinutes(2))) {
            cli.process().destroyForcibly();
            throw new AssertionError("the install never reached the held download:\n" + Files.readString(cli.stdout()) + "\n"
                    + Files.readString(cli.stderr()));
        }
        List<ProcessHandle> children = cli.process().descendants().toList();
        assertThat(children).as("pip is running").anyMatch(p -> commandLine(p).contains("pip install"));
        return children;
    }

    private static void assertAllGone(List<ProcessHandle> children, Cli.Run run) throws Exception {
        for (ProcessHandle child : children) {
            String line = commandLine(child);
            try {
                child.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                child.descendants().forEach(ProcessHandle::destroyForcibly);
                child.destroyForcibly();
                throw new AssertionError("process " + child.pid() + " (" + line + ") outlived the CLI; " + run);
            }
        }
    }

    /** No install rollback beside the venv and no install work directory in the home. */
    private static void assertNoLeftovers(Path venv, Cli.Run run) throws IOException {
        try (var beside = Files.list(venv.getParent())) {
            assertThat(beside.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".beep-python-rollback-")).toList())
                    .as(run.toString()).isEmpty();
        }
        Path tmp = shared.home().resolve("tmp");
        if (Files.isDirectory(tmp)) {
            try (var work = Files.list(tmp)) {
                assertThat(work.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("install-") || n.startsWith("lock-")).toList())
                        .as(run.toString()).isEmpty();
            }
        }
    }

    private static String commandLine(ProcessHandle process) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return process.info().commandLine().orElse("");
        }
    }

    /** Whether {@code pid} ignores SIGINT (bit 2 of SigIgn): a JVM keeps ignoring it when it started so. */
    private static boolean ignoresSigint(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseLong(line.substring("SigIgn:".length()).strip(), 16) & 0x2) != 0;
            }
        }
        return false;
    }

    private static String python(Path venv, String code) throws IOException, InterruptedException {
        Process check = new ProcessBuilder(venv.resolve("bin/python").toString(), "-c", code).redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(check.waitFor()).as(out).isZero();
        return out;
    }

    private static Path workDirUnchecked(String name) {
        try {
            return workDir(name);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
