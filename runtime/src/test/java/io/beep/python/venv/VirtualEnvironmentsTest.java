package io.beep.python.venv;

import io.beep.python.BootstrapStage;
import io.beep.python.ProcessResult;
import io.beep.python.PythonBootstrapException;
import io.beep.python.fs.FileTrees;
import io.beep.python.fs.ScratchOwner;
import io.beep.python.process.Cancellation;
import io.beep.python.process.CancelledException;
import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.ProcessCounter;
import io.beep.python.process.ProcessSpec;
import io.beep.python.registry.PythonRuntimeInfo;
import io.beep.python.registry.PythonRuntimeRegistry;
import io.beep.python.testing.LoopbackPackageIndex;
import io.beep.python.testing.TestPython;
import io.beep.python.testing.WheelBuilder;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VirtualEnvironmentsTest {

    private final ProcessCounter processes = new ProcessCounter();
    private final ProcessRunner runner = processes.runner();

    @TempDir
    Path temp;

    /** The relocatable CPython 3.13.5 from Maven: always there, no pyenv needed. */
    private PythonRuntimeInfo base() {
        return new PythonRuntimeRegistry(temp.resolve("home"), runner).interrogate(TestPython.executable());
    }

    /** The pip version the base bundles for ensurepip, e.g. {@code 25.1.1}. */
    private static String pip(PythonRuntimeInfo base) throws Exception {
        return BundledWheels.find(base.prefix().resolve("lib/python3.13")).get(0).version();
    }

    private VirtualEnvironments venvs() {
        return new VirtualEnvironments(runner, temp.resolve("home"));
    }

    @Test
    void createReturnsTheVenvItWrote() throws IOException {
        PythonRuntimeInfo base = base();
        VirtualEnv venv = venvs().create(base, temp.resolve("env"));

        assertThat(venv.root()).isEqualTo(temp.resolve("env"));
        assertThat(venv.python()).isEqualTo(temp.resolve("env/bin/python")).isExecutable();
        assertThat(venv.binDir()).isEqualTo(temp.resolve("env/bin"));
        assertThat(venv.sitePackages()).isEqualTo(temp.resolve("env/lib/python3.13/site-packages")).isDirectory();
        assertThat(venv.version()).isEqualTo(TestPython.VERSION);
        assertThat(venv.baseExecutable()).isEqualTo(TestPython.executable().toRealPath());
        assertThat(run(venv.python().toString(), "-c", "import sys; print(sys.prefix)").stdout().strip()).isEqualTo(venv.root().toString());
    }

    @Test
    void aVenvWeMadeIsOursAndOneMadeByPythonMVenvIsNot() throws Exception {
        PythonRuntimeInfo base = base();
        VirtualEnvironments venvs = venvs();
        VirtualEnv ours = venvs.create(base, temp.resolve("ours"));
        VirtualEnv bare = venvs.createBare(base, temp.resolve("bare"), Cancellation.none());
        run(TestPython.executable().toString(), "-m", "venv", "--without-pip", temp.resolve("theirs").toString());
        VirtualEnv theirs = venvs.open(temp.resolve("theirs")).orElseThrow();

        assertThat(venvs.isOurs(ours)).isTrue();
        assertThat(venvs.isOurs(bare)).isTrue();
        assertThat(venvs.isOurs(theirs)).isFalse();
        assertThat(ours.root().resolve(VirtualEnvironments.OWNERSHIP_FILE)).content().contains("Beep Python");

        venvs.claim(theirs.root());
        assertThat(venvs.isOurs(theirs)).isTrue();
    }

    @Test
    void createRefusesAnExistingTargetNamingIt() throws IOException {
        PythonRuntimeInfo base = base();
        Path target = Files.createDirectories(temp.resolve("taken"));

        assertThatThrownBy(() -> venvs().create(base, target))
                .isInstanceOfSatisfying(VenvException.class, e -> {
                    assertThat(e.reason()).isEqualTo(VenvException.Reason.PATH_EXISTS);
                    assertThat(e.input()).contains(target.toString());
                })
                .hasMessageContaining("already exists");
    }

    @Test
    void aCancelledCreationLeavesNothingBehind() throws IOException {
        PythonRuntimeInfo base = base();
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();

        // The room reports the cancellation as such; the bootstrap attaches the stage (see PythonBootstrapManagerTest).
        assertThatThrownBy(() -> venvs().create(base, temp.resolve("env"), cancellation))
                .isInstanceOfSatisfying(CancelledException.class, e -> assertThat(e.reason()).isEqualTo("cancelled by its caller"));
        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left.map(p -> p.getFileName().toString())).doesNotContain("env").noneMatch(n -> n.contains(".tmp-"));
        }
    }

    @Test
    void failedCreationLeavesNothingBehind() throws IOException {
        PythonRuntimeInfo base = base();
        Path notADirectory = Files.writeString(temp.resolve("file"), "x");
        Path target = notADirectory.resolve("env");

        assertThatThrownBy(() -> venvs().create(base, target))
                .isInstanceOfSatisfying(VenvException.class, e -> {
                    assertThat(e.reason()).isEqualTo(VenvException.Reason.CREATE_FAILED);
                    assertThat(e.input()).contains(target.toString());
                });
        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left.map(p -> p.getFileName().toString())).doesNotContain("env").noneMatch(n -> n.contains(".tmp-"));
        }
    }

    @Test
    void anInterpreterInsideAVenvGetsPythonMVenvAndTheReasonIsGiven() throws Exception {
        PythonRuntimeInfo base = base();
        Path outer = temp.resolve("outer");
        run(base.executable().toString(), "-m", "venv", "--without-pip", outer.toString());
        PythonRuntimeInfo nested = new PythonRuntimeRegistry(temp.resolve("home"), runner).interrogate(outer.resolve("bin/python"));
        VirtualEnvironments venvs = venvs();

        assertThat(venvs.strategy(nested)).startsWith("python -m venv (").contains("inside a virtual environment");
        VirtualEnv venv = venvs.create(nested, temp.resolve("env"));

        assertThat(run(venv.python().toString(), "-m", "pip", "--version").stdout()).contains(venv.sitePackages().toString());
        assertThat(venv.root().resolve("pyvenv.cfg")).content().doesNotContain(".tmp-");
    }

    @Test
    void openReadsPyvenvCfgWithoutStartingAProcess() {
        PythonRuntimeInfo base = base();
        VirtualEnvironments venvs = venvs();
        VirtualEnv created = venvs.create(base, temp.resolve("env"));
        long before = processes.count();

        assertThat(venvs.open(temp.resolve("env"))).contains(created);
        assertThat(processes.count()).isEqualTo(before);
    }

    @Test
    void aVenvIsFromTheInterpreterItLinksToAndNotFromAnother() throws IOException {
        PythonRuntimeInfo base = base();
        VirtualEnvironments venvs = venvs();
        VirtualEnv venv = venvs.create(base, temp.resolve("env"));
        // Another interpreter that always exists: same version, its own binary (a venv with copies, not links), so
        // only the link check can tell it from the base.
        Path copies = temp.resolve("copies");
        run(base.executable().toString(), "-m", "venv", "--copies", "--without-pip", copies.toString());
        // The test CPython finds its libpython through $ORIGIN/..: give the copy the same library (linked, not copied).
        try (Stream<Path> libs = Files.list(base.executable().toRealPath().getParent().getParent())) {
            for (Path lib : libs.filter(p -> p.getFileName().toString().startsWith("libpython")).toList()) {
                Files.createSymbolicLink(copies.resolve(lib.getFileName()), lib);
            }
        }
        PythonRuntimeInfo sameVersionElsewhere = new PythonRuntimeRegistry(temp.resolve("home"), runner).interrogate(copies.resolve("bin/python"));
        assertThat(sameVersionElsewhere.executable().toRealPath()).isNotEqualTo(base.executable().toRealPath());
        long before = processes.count();

        assertThat(venvs.isFrom(venv, base)).isTrue();
        assertThat(venvs.isFrom(venv, sameVersionElsewhere)).as("a venv is not from a copy of its interpreter elsewhere").isFalse();
        // A different version too, where pyenv has one.
        Path other = BaseInterpreters.pyenvExecutable("3.12.1");
        if (Files.isExecutable(other)) {
            assertThat(venvs.isFrom(venv, BaseInterpreters.pyenv("3.12.1", temp.resolve("home"), runner))).isFalse();
            before = processes.count();
        }
        assertThat(venvs.isFrom(venv, base)).isTrue();
        assertThat(processes.count()).isEqualTo(before);
    }

    @Test
    void openFindsNoVenvWhereThereIsNoPyvenvCfgOrNoWorkingPython() throws IOException {
        VirtualEnvironments venvs = venvs();
        assertThat(venvs.open(Files.createDirectories(temp.resolve("plain")))).isEmpty();

        Path broken = Files.createDirectories(temp.resolve("broken/bin"));
        Files.writeString(broken.resolveSibling("pyvenv.cfg"), "home = /nowhere/bin\nversion = 3.13.0\n");
        Files.createSymbolicLink(broken.resolve("python"), Path.of("/nowhere/bin/python3"));
        assertThat(venvs.open(broken.getParent())).isEmpty();
    }

    @Test
    void deleteRemovesTheVenvButNotTheInterpreterItLinksTo() throws Exception {
        PythonRuntimeInfo base = base();
        VirtualEnvironments venvs = venvs();
        VirtualEnv venv = venvs.create(base, temp.resolve("env"));

        venvs.delete(venv.root());

        assertThat(venv.root()).doesNotExist();
        assertThat(base.executable()).isExecutable();
        assertThat(temp.resolve("home/cache/seed/pip-" + pip(base) + "/pip/__init__.py")).exists();
        venvs.delete(venv.root()); // twice is fine
    }

    @Test
    void pipInstallsPackagesIntoTheVenvFromAnIndex() {
        PythonRuntimeInfo base = base();
        VirtualEnv venv = venvs().create(base, temp.resolve("env"));
        try (LoopbackPackageIndex index = LoopbackPackageIndex.start()
                .add(WheelBuilder.wheel("beep-demo", "1.2.0").module("beep_demo/__init__.py", "ANSWER = 42\n"))) {

            run(venv.python().toString(), "-m", "pip", "install", "--no-cache-dir", "--disable-pip-version-check",
                    "--index-url", index.url(), "beep-demo");

            assertThat(venv.sitePackages().resolve("beep_demo/__init__.py")).exists();
            assertThat(run(venv.python().toString(), "-c", "import beep_demo; print(beep_demo.ANSWER)").stdout().strip()).isEqualTo("42");
            assertThat(base.prefix().resolve("lib/python3.13/site-packages/beep_demo")).doesNotExist();
        }
    }

    @Test
    void uninstallingPipInOneVenvLeavesTheSeedCacheAndOtherVenvsIntact() throws Exception {
        PythonRuntimeInfo base = base();
        VirtualEnvironments venvs = venvs();
        VirtualEnv first = venvs.create(base, temp.resolve("first"));
        VirtualEnv second = venvs.create(base, temp.resolve("second"));

        ProcessResult uninstall = run(first.python().toString(), "-m", "pip", "uninstall", "-y", "pip");

        assertThat(uninstall.stdout()).contains("Successfully uninstalled pip-" + pip(base));
        assertThat(first.sitePackages().resolve("pip")).doesNotExist();
        assertThat(first.binDir().resolve("pip")).doesNotExist();
        assertThat(temp.resolve("home/cache/seed/pip-" + pip(base) + "/pip/__init__.py")).exists();
        assertThat(run(second.binDir().resolve("pip").toString(), "--version").stdout()).startsWith("pip " + pip(base) + " from " + second.sitePackages());
    }

    @Test
    void reinstallingPipInOneVenvReplacesItsOwnFilesAndNotTheCachedOnes() throws Exception {
        PythonRuntimeInfo base = base();
        VirtualEnvironments venvs = venvs();
        VirtualEnv first = venvs.create(base, temp.resolve("first"));
        VirtualEnv second = venvs.create(base, temp.resolve("second"));
        Path cached = temp.resolve("home/cache/seed/pip-" + pip(base) + "/pip/__init__.py");
        String cachedText = Files.readString(cached);
        try (LoopbackPackageIndex index = LoopbackPackageIndex.start()) {
            String version = index.addBundledPip(base.prefix());

            ProcessResult reinstall = run(first.python().toString(), "-m", "pip", "install", "--force-reinstall", "--no-cache-dir",
                    "--disable-pip-version-check", "--index-url", index.url(), "pip==" + version);

            assertThat(reinstall.stdout()).contains("Successfully installed pip-" + version);
        }
        assertThat(Files.isSameFile(cached, first.sitePackages().resolve("pip/__init__.py"))).isFalse();
        assertThat(Files.isSameFile(cached, second.sitePackages().resolve("pip/__init__.py"))).isTrue();
        assertThat(cached).hasContent(cachedText);
        assertThat(run(first.binDir().resolve("pip").toString(), "--version").stdout()).startsWith("pip " + pip(base) + " from " + first.sitePackages());
        assertThat(run(second.binDir().resolve("pip").toString(), "--version").stdout()).startsWith("pip " + pip(base) + " from " + second.sitePackages());
    }

    @Test
    void seededFilesAreHardLinksToTheReadOnlyCache() throws Exception {
        PythonRuntimeInfo base = base();
        VirtualEnv venv = venvs().create(base, temp.resolve("env"));
        Path cached = temp.resolve("home/cache/seed/pip-" + pip(base) + "/pip/__init__.py");
        Path seeded = venv.sitePackages().resolve("pip/__init__.py");

        assertThat(Files.isSameFile(cached, seeded)).isTrue();
        assertThat(Files.getPosixFilePermissions(seeded)).as("read-only, so an edit in one venv cannot reach the others")
                .doesNotContain(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
        assertThat(venv.sitePackages().resolve("pip/__pycache__/__init__.cpython-313.pyc")).exists();
    }

    /** The compile stage lives in the system's temp directory: a JVM that exits mid-compile must not leave it there for good. */
    @Test
    void aCompileStageLeftByAJvmThatIsGoneIsRemovedByTheNextCompile() throws Exception {
        Path systemTemp = Path.of(System.getProperty("java.io.tmpdir"));
        // Its start time is read while it runs (a process that already exited has none to read), then it is gone.
        Process gone = new ProcessBuilder("sleep", "30").start();
        long started = gone.info().startInstant().orElseThrow().toEpochMilli();
        gone.destroy();
        gone.waitFor();
        String namespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString().replaceAll("\\D", "");
        Path abandoned = Files.createDirectories(systemTemp.resolve(SeedCache.COMPILE_STAGE + gone.pid() + "-" + started + "-" + namespace + "-7"));
        Files.writeString(abandoned.resolve("left.py"), "x = 1\n");
        Path ours = Files.createDirectories(systemTemp.resolve(SeedCache.COMPILE_STAGE + ScratchOwner.tag() + "-7"));
        try {
            VirtualEnvironments venvs = VirtualEnvironments.compilingSeedsInBackground(runner, temp.resolve("home"));
            venvs.create(base(), temp.resolve("venv"));
            venvs.awaitBackgroundWork(Duration.ofMinutes(5));

            assertThat(abandoned).as("the stage of a JVM that is gone").doesNotExist();
            assertThat(ours).as("a stage of a JVM still alive (this one) is never touched").exists();
            try (Stream<Path> stages = Files.list(systemTemp)) {
                assertThat(stages.map(p -> p.getFileName().toString()))
                        .as("this compile removed its own stage").filteredOn(n -> n.startsWith(SeedCache.COMPILE_STAGE + ScratchOwner.tag()))
                        .containsExactly(ours.getFileName().toString());
            }
        } finally {
            FileTrees.delete(ours);
            FileTrees.delete(abandoned);
        }
    }

    @Test
    void theFirstVenvOfAHomeNeedNotWaitForTheSeedCacheToCompile() throws Exception {
        PythonRuntimeInfo base = base();
        VirtualEnvironments venvs = VirtualEnvironments.compilingSeedsInBackground(runner, temp.resolve("home"));
        VirtualEnv first = venvs.create(base, temp.resolve("first"));
        venvs.awaitBackgroundWork(Duration.ofMinutes(5));
        VirtualEnv second = venvs.create(base, temp.resolve("second"));

        Path cachedPyc = temp.resolve("home/cache/seed/pip-" + pip(base) + "/pip/__pycache__/__init__.cpython-313.pyc");
        assertThat(cachedPyc).as("compiled in the background").exists();
        assertThat(Files.getPosixFilePermissions(cachedPyc)).doesNotContain(PosixFilePermission.OWNER_WRITE);
        assertThat(Files.isSameFile(cachedPyc, second.sitePackages().resolve("pip/__pycache__/__init__.cpython-313.pyc"))).isTrue();
        assertThat(temp.resolve("home/cache/seed")).isDirectoryContaining(p -> p.getFileName().toString().endsWith(".cpython-313.manifest"));
        for (VirtualEnv venv : List.of(first, second)) {
            assertThat(run(venv.python().toString(), "-m", "pip", "--version").stdout()).startsWith("pip " + pip(base) + " from "
                    + venv.sitePackages());
            assertThat(run(venv.python().toString(), "-m", "pip", "check").exitCode()).isZero();
        }
        // The first venv's RECORD names only what it has, so pip can uninstall it cleanly.
        assertThat(run(first.python().toString(), "-m", "pip", "uninstall", "-y", "pip").exitCode()).isZero();
        assertThat(first.sitePackages().resolve("pip")).doesNotExist();
        assertThat(temp.resolve("home/cache/seed/pip-" + pip(base) + "/pip/__init__.py")).exists();
    }

    @Test
    void aVenvOnAnotherFileSystemGetsCopies() throws Exception {
        Path shm = Path.of("/dev/shm");
        Assumptions.assumeTrue(Files.isWritable(shm) && !Files.getFileStore(shm).equals(Files.getFileStore(temp)),
                "needs /dev/shm on another file system than " + temp);
        PythonRuntimeInfo base = base();
        Path target = Files.createTempDirectory(shm, "beep-venv-test").resolve("env");
        VirtualEnvironments venvs = venvs();
        try {
            VirtualEnv venv = venvs.create(base, target);
            assertThat(run(venv.python().toString(), "-m", "pip", "--version").stdout()).startsWith("pip " + pip(base) + " from " + venv.sitePackages());
        } finally {
            venvs.delete(target.getParent());
        }
    }

    @Test
    void concurrentCreationsOnAColdCacheUnpackPipOnce() throws Exception {
        PythonRuntimeInfo base = base();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<VirtualEnv>> tasks = Stream.of("a", "b", "c", "d")
                    .<Callable<VirtualEnv>>map(name -> () -> new VirtualEnvironments(runner, temp.resolve("home")).create(base, temp.resolve(name)))
                    .toList();
            for (Future<VirtualEnv> done : pool.invokeAll(tasks)) {
                VirtualEnv venv = done.get();
                assertThat(venv.sitePackages().resolve("pip-" + pip(base) + ".dist-info/RECORD")).exists();
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> seed = Files.list(temp.resolve("home/cache/seed"))) {
            assertThat(seed.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("pip-" + pip(base), "pip-" + pip(base) + ".cpython-313.manifest");
        }
    }

    @Test
    void aDamagedSeedCacheIsRebuiltAndTheVenvStillWritten() throws Exception {
        PythonRuntimeInfo base = base();
        VirtualEnvironments venvs = venvs();
        venvs.create(base, temp.resolve("first"));
        Path cachedInit = temp.resolve("home/cache/seed/pip-" + pip(base) + "/pip/__init__.py");
        Files.delete(cachedInit);

        VirtualEnv venv = new VirtualEnvironments(runner, temp.resolve("home")).create(base, temp.resolve("second"));

        assertThat(cachedInit).exists();
        assertThat(Files.isSameFile(cachedInit, venv.sitePackages().resolve("pip/__init__.py"))).as("linked, not python -m venv").isTrue();
        assertThat(run(venv.python().toString(), "-m", "pip", "--version").stdout()).startsWith("pip " + pip(base) + " from " + venv.sitePackages());
    }

    @Test
    void activatePutsTheVenvFirstOnPath() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs /bin/bash");
        PythonRuntimeInfo base = base();
        VirtualEnv venv = venvs().create(base, temp.resolve("with space").resolve("env"));

        ProcessResult shell = run("/bin/bash", "-c", "source \"$1\" && command -v python && echo \"$VIRTUAL_ENV\" && python -c 'import sys; print(sys.prefix)'",
                "bash", venv.binDir().resolve("activate").toString());

        assertThat(shell.stdout().lines()).containsExactly(venv.python().toString(), venv.root().toString(), venv.root().toString());
    }

    private ProcessResult run(String... argv) {
        ProcessResult result = runner.run(ProcessSpec.of(argv));
        assertThat(result.exitCode()).as(String.join(" ", argv) + "\n" + result.stderr()).isZero();
        return result;
    }
}
