package io.beep.python.packages;

import io.beep.python.InstallResult;
import io.beep.python.process.Cancellation;
import io.beep.python.testing.LoopbackPackageIndex;
import io.beep.python.testing.WheelBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.beep.python.packages.TestProjects.sha;
import static io.beep.python.packages.TestProjects.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Python projects installed from their locks against a loopback index serving {@link TestProjects#WHEELS}: real venvs,
 * real pip, locks written as the tools write them with the real hashes of the served wheels. The index also serves
 * alpha 2.0, so a new resolution and a frozen install differ.
 */
class ProjectInstallTest {

    @TempDir
    Path dir;

    TestProjects.Workspace workspace;
    LoopbackPackageIndex index;
    PackageInstallers installers;
    TestVenv venv;
    Path project;

    @BeforeEach
    void setUp() {
        workspace = new TestProjects.Workspace(dir, new io.beep.python.process.ProcessRunner());
        index = workspace.index;
        installers = workspace.installers;
        venv = workspace.venv;
        project = workspace.project;
    }

    @AfterEach
    void tearDown() {
        workspace.close();
    }

    @Test
    void aUvLockIsInstalledFrozenWithoutTheDevGroupOrWhatMarkersExclude() {
        write(project, "pyproject.toml", TestProjects.pyproject());
        write(project, "uv.lock", TestProjects.uvLock(sha("alpha", "1.0")));
        InstallResult result = install(PythonProject.of(project));
        // The lock's set for this platform, exactly: alpha 1.0 although the index serves 2.0; no delta (dev), gamma (extra), winonly (marker).
        assertThat(packages()).isEqualTo(Map.of("alpha", "1.0", "beta", "1.0"));
        assertThat(result.warnings()).isEmpty();
        assertThat(index.requestedFiles()).noneMatch(f -> f.startsWith("alpha-2.0"));

        install(new PythonProject(project, Set.of("fast"), Set.of("dev"), true, false, false));
        assertThat(packages()).isEqualTo(Map.of("alpha", "1.0", "beta", "1.0", "gamma", "1.0", "delta", "1.0"));
    }

    @Test
    void withoutALockTheProjectIsResolvedAndTheResultSaysItIsNotLocked() {
        Path file = write(project, "pyproject.toml", TestProjects.pyproject());
        InstallResult result = install(PythonProject.of(project));
        assertThat(packages()).isEqualTo(Map.of("alpha", "2.0"));
        assertThat(result.warnings()).anyMatch(w -> w.contains("are not locked") && w.contains(file.toString()));
    }

    @Test
    void aUvLockThatNoLongerMatchesItsProjectIsRefusedNamingBothFilesAndTheRefresh() {
        Path pyproject = write(project, "pyproject.toml", TestProjects.pyproject().replace("alpha<3", "alpha>=2"));
        Path lock = write(project, "uv.lock", TestProjects.uvLock(sha("alpha", "1.0")));
        assertThatThrownBy(() -> install(PythonProject.of(project))).isInstanceOf(PackagesException.class)
                .hasMessageContaining(lock.toString()).hasMessageContaining(pyproject.toString()).hasMessageContaining("'uv lock'")
                .hasMessageContaining("alpha>=2");
        assertThat(packages()).isEmpty();
        // The check off: the lock is installed as it is.
        install(new PythonProject(project, Set.of(), Set.of(), false, false, false));
        assertThat(packages()).containsEntry("alpha", "1.0");
    }

    @Test
    void aPoetryLockIsInstalledFrozenAndItsContentHashIsPoetrys() {
        Path pyproject = write(project, "pyproject.toml", TestProjects.poetryPyproject());
        String hash = TestProjects.poetryHashByPython(venv, pyproject);
        assertThat(hash).hasSize(64);
        Path lock = write(project, "poetry.lock", TestProjects.poetryLock(hash));
        install(PythonProject.of(project));
        assertThat(packages()).isEqualTo(Map.of("alpha", "1.0", "beta", "1.0"));
        install(new PythonProject(project, Set.of("fast"), Set.of("dev"), true, false, false));
        assertThat(packages()).isEqualTo(Map.of("alpha", "1.0", "beta", "1.0", "gamma", "1.0", "delta", "1.0"));

        write(project, "pyproject.toml", TestProjects.poetryPyproject().replace("alpha<3", "alpha<4"));
        assertThatThrownBy(() -> install(PythonProject.of(project))).isInstanceOf(PackagesException.class)
                .hasMessageContaining(lock.toString()).hasMessageContaining(pyproject.toString()).hasMessageContaining("'poetry lock'")
                .hasMessageContaining(hash);
    }

    @Test
    void aPipfileLockInstallsItsDefaultSectionOnly() {
        write(project, "pyproject.toml", "[project]\nname = \"app\"\nversion = \"0.1.0\"\n");
        write(project, "Pipfile.lock", TestProjects.pipfileLock());
        install(PythonProject.of(project));
        assertThat(packages()).isEqualTo(Map.of("alpha", "1.0", "beta", "1.0"));
    }

    @Test
    void theFirstLockInOrderWinsAPylockBeforeAUvLock() {
        write(project, "pyproject.toml", TestProjects.pyproject());
        write(project, "uv.lock", TestProjects.uvLock(sha("alpha", "1.0")));
        write(project, "pylock.toml", """
                lock-version = "1.0"
                created-by = "test"
                [[packages]]
                name = "delta"
                version = "1.0"
                wheels = [{ url = "%sfiles/delta-1.0-py3-none-any.whl", hashes = { sha256 = "%s" } }]
                """.formatted(index.url().replace("simple/", ""), sha("delta", "1.0")));
        install(PythonProject.of(project));
        assertThat(packages()).isEqualTo(Map.of("delta", "1.0"));
    }

    @Test
    void aPylockInAProjectLeavesTheDevGroupOutUnlessItIsNamed() {
        write(project, "pyproject.toml", TestProjects.pyproject());
        String files = index.url().replace("simple/", "") + "files/";
        write(project, "pylock.toml", """
                lock-version = "1.0"
                created-by = "test"
                dependency-groups = ["dev"]
                [[packages]]
                name = "alpha"
                version = "1.0"
                wheels = [{ url = "%salpha-1.0-py3-none-any.whl", hashes = { sha256 = "%s" } }]
                [[packages]]
                name = "delta"
                version = "1.0"
                marker = "'dev' in dependency_groups"
                wheels = [{ url = "%sdelta-1.0-py3-none-any.whl", hashes = { sha256 = "%s" } }]
                [[packages]]
                name = "gamma"
                version = "1.0"
                marker = "'fast' in extras"
                wheels = [{ url = "%sgamma-1.0-py3-none-any.whl", hashes = { sha256 = "%s" } }]
                """.formatted(files, sha("alpha", "1.0"), files, sha("delta", "1.0"), files, sha("gamma", "1.0")));
        install(PythonProject.of(project));
        assertThat(packages()).isEqualTo(Map.of("alpha", "1.0"));
        install(new PythonProject(project, Set.of("fast"), Set.of("dev"), true, false, false));
        assertThat(packages()).isEqualTo(Map.of("alpha", "1.0", "delta", "1.0", "gamma", "1.0"));
    }

    @Test
    void aHashMismatchIsRefusedAndTheEnvironmentStaysAsItWas() throws IOException {
        write(project, "pyproject.toml", TestProjects.pyproject());
        write(project, "uv.lock", TestProjects.uvLock("0".repeat(64)));
        Map<String, String> before = tree(venv.root());
        assertThatThrownBy(() -> install(PythonProject.of(project))).isInstanceOf(InstallFailedException.class)
                .hasMessageContaining("alpha==1.0").hasMessageContaining("rolled back");
        assertThat(tree(venv.root())).isEqualTo(before);
    }

    @Test
    void aPathRequirementThatIsNotThereNamesTheFileAndTheEntry() {
        Path pyproject = write(project, "pyproject.toml", TestProjects.pyproject());
        Path lock = write(project, "uv.lock", TestProjects.uvLock(sha("alpha", "1.0")).replace("""
                [[package]]
                name = "beta"
                version = "1.0"
                source = { registry = "http://127.0.0.1/simple" }""", """
                [[package]]
                name = "beta"
                version = "1.0"
                source = { directory = "../libs/beta" }"""));
        assertThatThrownBy(() -> install(PythonProject.of(project))).isInstanceOf(PackagesException.class)
                .hasMessageContaining(lock.toString()).hasMessageContaining("[[package]] beta").hasMessageContaining("libs")
                .hasMessageContaining("does not exist");
        assertThat(packages()).isEmpty();

        Path noLock = write(dir.resolve("project3"), "pyproject.toml",
                "[project]\nname = \"app\"\nversion = \"1\"\ndependencies = [\"lib @ file:///nowhere/lib\"]\n");
        assertThatThrownBy(() -> install(PythonProject.of(dir.resolve("project3")))).isInstanceOf(PackagesException.class)
                .hasMessageContaining(noLock.toString()).hasMessageContaining("lib @ file:///nowhere/lib").hasMessageContaining("does not exist");
        assertThat(pyproject).exists();
    }

    @Test
    void aLockWithNoWheelForThisPlatformNamesTheEntry() {
        write(project, "pyproject.toml", TestProjects.pyproject());
        Path lock = write(project, "uv.lock", TestProjects.uvLock(sha("alpha", "1.0"))
                .replace("alpha-1.0-py3-none-any.whl", "alpha-1.0-cp313-cp313-win_amd64.whl"));
        assertThatThrownBy(() -> install(PythonProject.of(project))).isInstanceOf(PackagesException.class)
                .hasMessageContaining(lock.toString()).hasMessageContaining("[[package]] alpha 1.0").hasMessageContaining("no wheel for this platform");
    }

    @Test
    void malformedFilesNameTheFileTheLineAndTheEntry() {
        Path pyproject = write(project, "pyproject.toml", "[project]\nname = \"app\"\ndependencies = [\"alpha\"\n");
        assertThatThrownBy(() -> install(PythonProject.of(project))).isInstanceOf(PackagesException.class)
                .hasMessageContaining(pyproject.toString()).hasMessageContaining("line");
        write(project, "pyproject.toml", "[project]\nname = \"app\"\ndependencies = [\"alpha>=\"]\n");
        assertThatThrownBy(() -> install(PythonProject.of(project))).isInstanceOf(PackagesException.class)
                .hasMessageContaining(pyproject.toString()).hasMessageContaining("[project].dependencies").hasMessageContaining("alpha>=");
        write(project, "pyproject.toml", TestProjects.pyproject());
        assertThatThrownBy(() -> install(new PythonProject(project, Set.of("gpu"), Set.of(), true, false, false)))
                .hasMessageContaining(pyproject.toString()).hasMessageContaining("'gpu'").hasMessageContaining("fast");
        assertThatThrownBy(() -> install(new PythonProject(project, Set.of(), Set.of("docs"), true, false, false)))
                .hasMessageContaining(pyproject.toString()).hasMessageContaining("'docs'").hasMessageContaining("dev");
        write(project, "pyproject.toml", TestProjects.pyproject().replace("dev = [\"delta\"]",
                "dev = [\"delta\", {include-group = \"test\"}]\ntest = [{include-group = \"dev\"}]"));
        assertThatThrownBy(() -> install(new PythonProject(project, Set.of(), Set.of("dev"), true, false, false)))
                .hasMessageContaining(pyproject.toString()).hasMessageContaining("includes itself");
        write(project, "pyproject.toml", TestProjects.pyproject());
        Path lock = write(project, "uv.lock", "version = 1\n[[package]\nname = \"x\"\n");
        assertThatThrownBy(() -> install(PythonProject.of(project))).isInstanceOf(PackagesException.class)
                .hasMessageContaining(lock.toString()).hasMessageContaining("at line ");
        Path pipfile = write(dir.resolve("pipenv"), "Pipfile.lock", "{\"default\": {");
        write(dir.resolve("pipenv"), "pyproject.toml", "[project]\nname = \"app\"\n");
        assertThatThrownBy(() -> install(PythonProject.of(dir.resolve("pipenv")))).isInstanceOf(PackagesException.class)
                .hasMessageContaining(pipfile.toString());
        assertThat(packages()).isEmpty();
    }

    @Test
    void dependencyGroupsIncludeOtherGroups() {
        write(project, "pyproject.toml", TestProjects.pyproject().replace("dev = [\"delta\"]", "dev = [{include-group = \"test\"}]\ntest = [\"gamma\"]"));
        install(new PythonProject(project, Set.of(), Set.of("dev"), true, false, false));
        assertThat(packages()).containsEntry("gamma", "1.0");
    }

    @Test
    void theProjectItselfIsBuiltAndInstalledAfterItsLockedDependenciesEditableWhenAsked() throws IOException {
        write(project, "pyproject.toml", TestProjects.BUILD_SYSTEM + TestProjects.pyproject() + "\n[project.scripts]\napp-hello = \"app_mod:main\"\n");
        write(project, "uv.lock", TestProjects.uvLock(sha("alpha", "1.0")).replace("source = { virtual = \".\" }", "source = { editable = \".\" }"));
        write(project, "_build/backend.py", TestProjects.BACKEND);
        Path module = write(project, "src/app_mod.py", "VALUE = 1\ndef main():\n    print('hello from app')\n");
        install(new PythonProject(project, Set.of(), Set.of(), true, true, false));
        assertThat(packages()).isEqualTo(Map.of("alpha", "1.0", "beta", "1.0", "app", "0.1.0"));
        assertThat(venv.exec("import importlib.metadata as m, app_mod; print(m.version('app'), app_mod.VALUE)").stdout().strip())
                .isEqualTo("0.1.0 1");
        assertThat(Files.isRegularFile(venv.python().getParent().resolve("app-hello"))).isTrue();
        // Not editable: a change to the source is not seen until the next install.
        Files.writeString(module, "VALUE = 2\ndef main():\n    print('hello from app')\n");
        assertThat(venv.exec("import app_mod; print(app_mod.VALUE)").stdout().strip()).isEqualTo("1");

        install(new PythonProject(project, Set.of(), Set.of(), true, true, true));
        Files.writeString(module, "VALUE = 3\ndef main():\n    print('hello from app')\n");
        assertThat(venv.exec("import app_mod; print(app_mod.VALUE)").stdout().strip()).isEqualTo("3");
    }

    @Test
    void buildingTheProjectLeavesItsDirectoryAsItWasRegularAndEditable() throws IOException {
        write(project, "pyproject.toml", TestProjects.BUILD_SYSTEM + TestProjects.pyproject());
        write(project, "uv.lock", TestProjects.uvLock(sha("alpha", "1.0")).replace("source = { virtual = \".\" }", "source = { editable = \".\" }"));
        write(project, "_build/backend.py", TestProjects.IN_TREE_OUTPUTS_BACKEND);
        Path module = write(project, "src/app_mod.py", "VALUE = 1\n");
        // An earlier build's output of the user's own stays as it is.
        write(project, "src/old.egg-info/PKG-INFO", "Name: old\n");
        Map<String, String> before = listing(project);

        install(new PythonProject(project, Set.of(), Set.of(), true, true, false));
        assertThat(listing(project)).isEqualTo(before);
        assertThat(packages()).containsEntry("app", "0.1.0");
        // Where it was installed from is the project, not the copy it was built from.
        Path distInfo = venv.sitePackages().resolve("app-0.1.0.dist-info");
        assertThat(Files.readString(distInfo.resolve("direct_url.json"))).contains(project.toUri().toString().replaceAll("/$", ""));
        assertThat(Files.readString(installers.awaitLockFile(venv.python(), Duration.ofMinutes(1)).orElseThrow()))
                .contains(project.toUri().toString().replaceAll("/$", "")).doesNotContain(dir.resolve("home").toString());
        assertThat(venv.exec("import app_mod; print(app_mod.VALUE)").stdout().strip()).isEqualTo("1");

        before = listing(project);
        install(new PythonProject(project, Set.of(), Set.of(), true, true, true));
        assertThat(listing(project)).isEqualTo(before);
        // Editable still: it points at the user's sources.
        Files.writeString(module, "VALUE = 2\n");
        assertThat(venv.exec("import app_mod; print(app_mod.VALUE)").stdout().strip()).isEqualTo("2");
    }

    @Test
    void aProjectThatFailsToBuildLeavesNoneOfItsLockedDependenciesBehind() throws IOException {
        write(project, "pyproject.toml", TestProjects.BUILD_SYSTEM + TestProjects.pyproject());
        write(project, "uv.lock", TestProjects.uvLock(sha("alpha", "1.0")).replace("source = { virtual = \".\" }", "source = { editable = \".\" }"));
        write(project, "_build/backend.py", TestProjects.BACKEND.replace("def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):\n",
                "def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):\n    raise RuntimeError('broken build')\n"));
        Map<String, String> before = tree(venv.root());
        assertThatThrownBy(() -> install(new PythonProject(project, Set.of(), Set.of(), true, true, false)))
                .isInstanceOf(InstallFailedException.class).hasMessageContaining(project.toString());
        assertThat(packages()).isEmpty();
        Map<String, String> after = tree(venv.root());
        after.keySet().removeIf(f -> f.equals("pylock.toml"));
        before.keySet().removeIf(f -> f.equals("pylock.toml"));
        assertThat(after).isEqualTo(before);
    }

    @Test
    void aRequirementsFileWithHashesIsInstalledWithEveryRequirementHashChecked() throws IOException {
        Path file = write(dir, "requirements.txt", "alpha==2.0 --hash=sha256:" + sha("alpha", "2.0") + "\ngamma==1.0\n");
        assertThatThrownBy(() -> installers.installFile(venv.python(), venv.sitePackages(), file, InstallerKind.PIP, sources(),
                Duration.ofMinutes(2), Cancellation.none())).isInstanceOf(InstallFailedException.class).hasMessageContaining("gamma");
        assertThat(packages()).isEmpty();
        Files.writeString(file, "alpha==2.0 --hash=sha256:" + "1".repeat(64) + "\n");
        assertThatThrownBy(() -> installers.installFile(venv.python(), venv.sitePackages(), file, InstallerKind.PIP, sources(),
                Duration.ofMinutes(2), Cancellation.none())).isInstanceOf(InstallFailedException.class).hasMessageContaining("alpha");
        assertThat(RequirementsFile.read(file).hashed()).isTrue();
        Files.writeString(file, "alpha==2.0 \\\n    --hash=sha256:" + sha("alpha", "2.0") + "\n");
        installers.installFile(venv.python(), venv.sitePackages(), file, InstallerKind.PIP, sources(), Duration.ofMinutes(2), Cancellation.none());
        assertThat(packages()).isEqualTo(Map.of("alpha", "2.0"));
    }

    @Test
    void aPoetry1ProjectIsWalkedFromToolPoetryDependenciesWithOptionalPackagesOnlyThroughExtras() {
        Path pyproject = write(project, "pyproject.toml", """
                [tool.poetry]
                name = "app"
                version = "0.1.0"

                [tool.poetry.dependencies]
                python = "^3.9"
                alpha = "<3"
                gamma = { version = "*", optional = true }
                winonly = { version = "*", markers = "sys_platform == 'win32'" }

                [tool.poetry.extras]
                fast = ["gamma"]

                [tool.poetry.group.dev.dependencies]
                delta = { version = ">=1.0", allow-prereleases = false }

                # In the content-hash: json.dumps escapes these (ensure_ascii) and the quotes; ours must match byte for byte.
                [[tool.poetry.source]]
                name = "caf\u00e9 \u2603 \\"quoted\\" \\\\ \\t \\U0001F600"
                url = "https://example.invalid/simple/"
                priority = "supplemental"
                """);
        String hash = TestProjects.poetryHashByPython(venv, pyproject);
        write(project, "poetry.lock", TestProjects.poetryLock(hash));
        install(PythonProject.of(project));
        assertThat(packages()).isEqualTo(Map.of("alpha", "1.0", "beta", "1.0"));
        install(new PythonProject(project, Set.of("fast"), Set.of("dev"), true, false, false));
        assertThat(packages()).isEqualTo(Map.of("alpha", "1.0", "beta", "1.0", "gamma", "1.0", "delta", "1.0"));
    }

    @Test
    void aRequirementsFileWithHashesRequiresThemOfEveryLineWithUvToo() throws IOException {
        index.add(UvWheel.get());
        Path file = write(dir, "requirements.txt", "alpha==2.0 --hash=sha256:" + sha("alpha", "2.0") + "\ngamma==1.0\n");
        // uv alone checks only the lines that have a hash; asked for --require-hashes it refuses the unhashed gamma, as pip does.
        assertThatThrownBy(() -> installers.installFile(venv.python(), venv.sitePackages(), file, InstallerKind.UV, sources(),
                Duration.ofMinutes(2), Cancellation.none())).isInstanceOf(InstallFailedException.class).hasMessageContaining("gamma");
        assertThat(packages()).isEmpty();
        installers.awaitBackgroundWork(Duration.ofMinutes(1));
    }

    @Test
    void aUvLockInstalledByUvIsRecordedInTheVenvsLockFromTheLockItselfWithNoProcessAfterTheInstall() throws IOException {
        index.add(UvWheel.get());
        List<List<String>> commands = new java.util.concurrent.CopyOnWriteArrayList<>();
        PackageInstallers observed = new PackageInstallers(dir.resolve("home"),
                io.beep.python.process.ProcessRunner.observedBy(spec -> commands.add(spec.command())));
        write(project, "pyproject.toml", TestProjects.pyproject());
        write(project, "uv.lock", TestProjects.uvLock(sha("alpha", "1.0")));
        observed.installProject(venv.python(), venv.sitePackages(), PythonProject.of(project), InstallerKind.UV, sources(), Duration.ofMinutes(2),
                Cancellation.none());
        Path lock = observed.awaitLockFile(venv.python(), Duration.ofMinutes(1)).orElseThrow();
        assertThat(packages()).isEqualTo(Map.of("alpha", "1.0", "beta", "1.0"));
        // One uv run, the install: no 'uv pip compile' afterwards to look up hashes the project's lock already holds.
        assertThat(commands).filteredOn(c -> c.get(0).endsWith("uv")).singleElement().satisfies(c -> assertThat(c).contains("install"));
        // The entries are the project lock's own (its URLs, not the loopback index's with its port), hashes included.
        assertThat(Files.readString(lock)).contains("url = 'http://127.0.0.1/files/alpha-1.0-py3-none-any.whl'")
                .contains(sha("alpha", "1.0")).contains("url = 'http://127.0.0.1/files/beta-1.0-py3-none-any.whl'")
                .contains(sha("beta", "1.0")).doesNotContain("delta");
    }

    private InstallResult install(PythonProject p) {
        return workspace.install(p);
    }

    private PackageSources sources() {
        return workspace.sources();
    }

    /** What is installed besides the venv's seed (pip). */
    private Map<String, String> packages() {
        return workspace.packages();
    }

    /** Every file and directory under {@code root} with its modification time, files with their bytes' hash. */
    private static Map<String, String> listing(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String time = Files.getLastModifiedTime(p).toString();
                entries.put(root.relativize(p).toString(), Files.isDirectory(p) ? "dir " + time
                        : time + " " + WheelBuilder.sha256Hex(Files.readAllBytes(p)));
            }
        }
        return entries;
    }

    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).filter(p -> !p.toString().contains("__pycache__")).forEach(p -> {
                try {
                    files.put(root.relativize(p).toString(), WheelBuilder.sha256Hex(Files.readAllBytes(p)));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        return files;
    }
}
