package io.beep.python.packages;

import io.beep.python.ProcessResult;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.testing.LoopbackPackageIndex;
import io.beep.python.testing.RealPackageIndex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.beep.python.packages.TestProjects.write;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Locks made by the real tools ({@code uv lock}, {@code poetry lock}, {@code pipenv lock}) against the loopback index
 * serving {@link TestProjects#WHEELS}, then installed through {@link PackageInstallers#installProject}: the installed
 * set must be the lock's for this platform, and the drift check must accept the fresh lock (poetry's content-hash byte
 * for byte). The tools are installed from the package index into venvs cached under {@code target/project-tools/};
 * without the index the tests are skipped with a printed reason.
 */
class ProjectLocksRealToolsTest {

    private static final Path TOOLS = Path.of("target", "project-tools").toAbsolutePath();

    @TempDir
    Path dir;

    TestProjects.Workspace workspace;
    LoopbackPackageIndex index;
    PackageInstallers installers;
    TestVenv venv;
    Path project;
    final ProcessRunner runner = new ProcessRunner();

    @BeforeEach
    void setUp() {
        workspace = new TestProjects.Workspace(dir, runner);
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
    void uvLockIsInstalledExactlyAsUvExportsIt() {
        Path uv = tool("uv", "uv");
        write(project, "pyproject.toml", TestProjects.pyproject().replace("alpha<3", "alpha<2"));
        run(project, Map.of("UV_CACHE_DIR", dir.resolve("uv-cache").toString(), "UV_PYTHON_DOWNLOADS", "never"), uv.toString(), "lock",
                "--index-url", index.url(), "--python", venv.python().toString());
        assertThat(project.resolve("uv.lock")).exists();
        // uv's own view of what a frozen sync installs here, the oracle.
        String exported = run(project, Map.of("UV_CACHE_DIR", dir.resolve("uv-cache").toString(), "UV_PYTHON_DOWNLOADS", "never"),
                uv.toString(), "export", "--frozen", "--no-dev", "--no-hashes", "--no-header", "--no-emit-project", "--format",
                "requirements-txt", "--python", venv.python().toString()).stdout();
        Map<String, String> expected = new TreeMap<>();
        exported.lines().map(l -> l.split(";")[0].strip()).filter(l -> l.contains("==")).forEach(l -> {
            String[] pin = l.split("==");
            // uv exports the universal set with markers; this platform's is what the markers admit (winonly is Windows').
            if (!pin[0].equals("winonly")) {
                expected.put(pin[0], pin[1]);
            }
        });
        install(PythonProject.of(project));
        assertThat(expected).isEqualTo(Map.of("alpha", "1.0", "beta", "1.0"));
        assertThat(packages()).isEqualTo(expected);
        install(new PythonProject(project, Set.of("fast"), Set.of("dev"), true, false, false));
        assertThat(packages()).isEqualTo(Map.of("alpha", "1.0", "beta", "1.0", "gamma", "1.0", "delta", "1.0"));
    }

    @Test
    void poetryLockIsInstalledExactlyAndItsContentHashMatchesOurs() {
        Path poetry = tool("poetry", "poetry");
        write(project, "pyproject.toml", TestProjects.poetryPyproject().replace("alpha<3", "alpha<2") + """

                [[tool.poetry.source]]
                name = "loopback"
                url = "%s"
                priority = "primary"
                """.formatted(index.url()));
        run(project, Map.of("POETRY_CACHE_DIR", dir.resolve("poetry-cache").toString(), "POETRY_VIRTUALENVS_CREATE", "false",
                "POETRY_PYTHON", venv.python().toString()), poetry.toString(), "lock", "--no-interaction");
        assertThat(project.resolve("poetry.lock")).exists();
        install(PythonProject.of(project)); // the drift check passes: our content-hash is poetry's
        assertThat(packages()).isEqualTo(Map.of("alpha", "1.0", "beta", "1.0"));
        install(new PythonProject(project, Set.of("fast"), Set.of("dev"), true, false, false));
        assertThat(packages()).isEqualTo(Map.of("alpha", "1.0", "beta", "1.0", "gamma", "1.0", "delta", "1.0"));
    }

    @Test
    void pipenvLockIsInstalledFromItsDefaultSection() {
        Path pipenv = tool("pipenv", "pipenv");
        write(project, "pyproject.toml", "[project]\nname = \"app\"\nversion = \"0.1.0\"\n");
        write(project, "Pipfile", """
                [[source]]
                url = "%s"
                verify_ssl = false
                name = "loopback"

                [packages]
                alpha = "<2"
                winonly = {version = "*", markers = "sys_platform == 'win32'"}

                [dev-packages]
                delta = "*"
                """.formatted(index.url()));
        run(project, Map.of("PIPENV_VENV_IN_PROJECT", "1", "PIPENV_IGNORE_VIRTUALENVS", "1", "PIPENV_YES", "1", "PIPENV_NOSPIN", "1",
                "PIP_FIND_LINKS", "", "PIPENV_CACHE_DIR", dir.resolve("pipenv-cache").toString()), pipenv.toString(), "lock", "--python",
                venv.python().toString());
        assertThat(project.resolve("Pipfile.lock")).exists();
        install(PythonProject.of(project));
        assertThat(packages()).isEqualTo(Map.of("alpha", "1.0", "beta", "1.0"));
    }

    private Path tool(String name, String requirement) {
        Path executable = TOOLS.resolve(name).resolve("bin").resolve(name);
        if (!Files.isRegularFile(executable)) {
            RealPackageIndex.assumeReachable();
            Path python = TestVenv.baseInterpreterPrefix().resolve("bin/python3");
            run(null, Map.of(), python.toString(), "-m", "venv", TOOLS.resolve(name).toString());
            run(null, Map.of(), TOOLS.resolve(name).resolve("bin/python").toString(), "-m", "pip", "install", "--disable-pip-version-check",
                    "--quiet", requirement);
        }
        return executable;
    }

    private ProcessResult run(Path directory, Map<String, String> environment, String... command) {
        ProcessSpec spec = ProcessSpec.of(command).withEnvironment(environment).withTimeout(Duration.ofMinutes(5));
        if (directory != null) {
            spec = spec.inDirectory(directory);
        }
        ProcessResult result = runner.run(spec);
        assertThat(result.ok()).as(String.join(" ", command) + "\n" + result.stdout() + "\n" + result.stderr()).isTrue();
        return result;
    }

    private void install(PythonProject p) {
        workspace.install(p);
    }

    private Map<String, String> packages() {
        return workspace.packages();
    }
}
