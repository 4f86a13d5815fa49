package io.beep.python.registry;

import io.beep.python.process.ProcessRunner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Discovery of conda, uv, asdf, mise, pyenv, managed and venv layouts built in temp directories whose
 * executables link to real interpreters of this machine. Each test sees only its own layout.
 */
class FakeLayoutsDiscoveryTest {

    @TempDir
    Path user;

    @TempDir
    Path home;

    private final ProcessRunner runner = new ProcessRunner();

    private List<PythonRuntimeInfo> discover(DiscoveryRoots roots) {
        PythonRuntimeRegistry registry = new PythonRuntimeRegistry(home, runner, roots, Duration.ofSeconds(20));
        registry.initialize();
        return registry.list();
    }

    private DiscoveryRoots roots() {
        return DiscoveryRoots.isolated(user, List.of());
    }

    @Test
    void condaBaseAndItsEnvironmentsAreCondaRuntimes() {
        Path base = user.resolve("miniconda3");
        TestLayouts.link(base.resolve("bin/python"), MachineInterpreters.pyenv("3.12.1"));
        TestLayouts.mkdirs(base.resolve("conda-meta"));
        TestLayouts.link(base.resolve("envs/analysis/bin/python"), MachineInterpreters.pyenv("3.11.7"));

        List<PythonRuntimeInfo> found = discover(roots());

        assertThat(found).extracting(PythonRuntimeInfo::version, PythonRuntimeInfo::source, PythonRuntimeInfo::type)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("3.12.1", "conda", PythonRuntimeType.CONDA),
                        org.assertj.core.groups.Tuple.tuple("3.11.7", "conda", PythonRuntimeType.CONDA));
    }

    @Test
    void condaEnvironmentsListedInEnvironmentsTxtAndCondaPrefixAreFound() {
        Path elsewhere = user.resolve("projects/env-a");
        TestLayouts.link(elsewhere.resolve("bin/python"), MachineInterpreters.pyenv("3.10.13"));
        TestLayouts.write(user.resolve(".conda/environments.txt"), elsewhere + "\n");
        Path active = user.resolve("active-env");
        TestLayouts.link(active.resolve("bin/python"), MachineInterpreters.pyenv("3.9.18"));

        List<PythonRuntimeInfo> found = discover(roots().withEnvironment("CONDA_PREFIX", active.toString()));

        assertThat(found).extracting(PythonRuntimeInfo::version).containsExactlyInAnyOrder("3.10.13", "3.9.18");
        assertThat(found).extracting(PythonRuntimeInfo::source).containsOnly("conda");
    }

    @Test
    void uvManagedInterpretersAreFoundAndItsLockFilesIgnored() {
        Path uv = user.resolve(".local/share/uv/python");
        TestLayouts.link(uv.resolve("cpython-3.12.1-linux-x86_64-gnu/bin/python3"), MachineInterpreters.pyenv("3.12.1"));
        TestLayouts.write(uv.resolve(".lock"), "");
        TestLayouts.mkdirs(uv.resolve(".cache"));

        List<PythonRuntimeInfo> found = discover(roots());

        assertThat(found).singleElement().satisfies(info -> {
            assertThat(info.source()).isEqualTo("uv");
            assertThat(info.version()).isEqualTo("3.12.1");
            assertThat(info.executable()).isEqualTo(uv.resolve("cpython-3.12.1-linux-x86_64-gnu/bin/python3"));
        });
    }

    @Test
    void uvInstallDirectoryCanBeMovedWithItsVariable() {
        Path custom = user.resolve("custom-uv");
        TestLayouts.link(custom.resolve("cpython-3.13.0-linux-x86_64-gnu/bin/python3"), MachineInterpreters.pyenv("3.13.0"));

        List<PythonRuntimeInfo> found = discover(roots().withEnvironment("UV_PYTHON_INSTALL_DIR", custom.toString()));

        assertThat(found).extracting(PythonRuntimeInfo::source, PythonRuntimeInfo::version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("uv", "3.13.0"));
    }

    @Test
    void asdfAndMiseInstallsAreFound() {
        TestLayouts.link(user.resolve(".asdf/installs/python/3.11.7/bin/python3"), MachineInterpreters.pyenv("3.11.7"));
        Path mise = user.resolve(".local/share/mise/installs/python");
        TestLayouts.link(mise.resolve("3.12.1/bin/python3"), MachineInterpreters.pyenv("3.12.1"));
        // mise keeps short aliases (3.12 -> 3.12.1): the same interpreter, one entry.
        TestLayouts.link(mise.resolve("3.12"), mise.resolve("3.12.1"));

        List<PythonRuntimeInfo> found = discover(roots());

        assertThat(found).extracting(PythonRuntimeInfo::source, PythonRuntimeInfo::version).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("asdf", "3.11.7"), org.assertj.core.groups.Tuple.tuple("mise", "3.12.1"));
    }

    @Test
    void managedInterpretersUnderHomeAreEmbeddedInBothLayouts() {
        TestLayouts.link(home.resolve("embedded/cpython-3.13.0-linux-x86_64/bin/python3"), MachineInterpreters.pyenv("3.13.0"));
        TestLayouts.link(home.resolve("embedded/cpython-3.12.1-linux-x86_64-pbs/python/bin/python3"),
                MachineInterpreters.pyenv("3.12.1"));

        List<PythonRuntimeInfo> found = discover(roots());

        assertThat(found).extracting(PythonRuntimeInfo::type).containsOnly(PythonRuntimeType.EMBEDDED);
        assertThat(found).extracting(PythonRuntimeInfo::source).containsOnly("managed");
        assertThat(found).extracting(PythonRuntimeInfo::version).containsExactlyInAnyOrder("3.13.0", "3.12.1");
    }

    @Test
    void extensionVenvIsListedBesideItsBaseAndNeverChosen() {
        Path base = MachineInterpreters.pyenv("3.12.1");
        Path bin = user.resolve("bin");
        TestLayouts.link(bin.resolve("python3"), base);
        TestLayouts.venv(runner, base, home.resolve("venvs/default"));
        PythonRuntimeRegistry registry = new PythonRuntimeRegistry(home, runner, DiscoveryRoots.isolated(user, List.of(bin)),
                Duration.ofSeconds(20));

        List<PythonRuntimeInfo> found = registry.list();

        assertThat(found).extracting(PythonRuntimeInfo::type, PythonRuntimeInfo::source).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(PythonRuntimeType.VIRTUAL_ENV, "venv"),
                org.assertj.core.groups.Tuple.tuple(PythonRuntimeType.SYSTEM, "path"));
        assertThat(registry.find("3.12")).map(PythonRuntimeInfo::type).contains(PythonRuntimeType.SYSTEM);
        assertThat(registry.explain("3.12")).extracting(SkippedCandidate::reason).containsExactly(SkippedCandidate.Reason.VIRTUAL_ENV);
    }

    @Test
    void pyenvShimsResolveToTheSelectedVersionWithoutRunningThem() {
        Path root = user.resolve("pyenv-root");
        TestLayouts.link(root.resolve("versions/3.12.1/bin/python3"), MachineInterpreters.pyenv("3.12.1"));
        // A shim that fails when run: discovery must resolve it, never run it.
        TestLayouts.script(root.resolve("shims/python3"), "exit 42");
        TestLayouts.write(root.resolve("version"), "3.12.1\n");
        DiscoveryRoots roots = DiscoveryRoots.isolated(user, List.of(root.resolve("shims"))).withEnvironment("PYENV_ROOT",
                root.toString());

        List<PythonRuntimeInfo> found = discover(roots);

        assertThat(found).singleElement().satisfies(info -> {
            assertThat(info.status()).isEqualTo(PythonRuntimeStatus.READY);
            assertThat(info.source()).isEqualTo("pyenv");
            assertThat(info.executable()).isEqualTo(root.resolve("versions/3.12.1/bin/python3"));
        });
    }

    @Test
    void pyenvShimSelectionFollowsPyenvVersionThenPythonVersionFile() {
        Path root = user.resolve("pyenv-root");
        TestLayouts.write(root.resolve("version"), "3.12.1\n");
        TestLayouts.write(user.resolve("project/.python-version"), "3.11.7\n");
        DiscoveryRoots roots = DiscoveryRoots.isolated(user, List.of()).withEnvironment("PYENV_ROOT", root.toString())
                .withWorkingDirectory(user.resolve("project/src"));

        assertThat(new PyenvShims(roots).selectedVersions()).containsExactly("3.11.7");
        assertThat(new PyenvShims(roots.withEnvironment("PYENV_VERSION", "3.13.0:3.12.1")).selectedVersions())
                .containsExactly("3.13.0", "3.12.1");
        assertThat(new PyenvShims(roots.withWorkingDirectory(user)).selectedVersions()).containsExactly("3.12.1");
    }

    @Test
    void anInterpreterReachableFromTwoSourcesIsOneEntryLabelledByTheMoreSpecific() {
        Path uvPython = TestLayouts.link(user.resolve(".local/share/uv/python/cpython-3.12.1-linux-x86_64-gnu/bin/python3"),
                MachineInterpreters.pyenv("3.12.1"));
        Path bin = user.resolve("bin");
        TestLayouts.link(bin.resolve("python3"), uvPython);
        TestLayouts.link(bin.resolve("python3.12"), uvPython);
        TestLayouts.link(bin.resolve("python"), uvPython);

        List<PythonRuntimeInfo> found = discover(DiscoveryRoots.isolated(user, List.of(bin)));

        assertThat(found).singleElement().extracting(PythonRuntimeInfo::source).isEqualTo("uv");
    }

    @Test
    void pathNamesPythonPython3AndPython3xButNotTheirTools() {
        Path bin = user.resolve("bin");
        TestLayouts.link(bin.resolve("python3.11"), MachineInterpreters.pyenv("3.11.7"));
        TestLayouts.link(bin.resolve("python3.13t"), MachineInterpreters.pyenv("3.13.0"));
        TestLayouts.script(bin.resolve("python3.11-config"), "exit 1");
        TestLayouts.script(bin.resolve("python-argcomplete-tcsh"), "exit 1");

        List<PythonRuntimeInfo> found = discover(DiscoveryRoots.isolated(user, List.of(bin)));

        assertThat(found).extracting(PythonRuntimeInfo::version).containsExactlyInAnyOrder("3.11.7", "3.13.0");
    }

    @Test
    void pathsWithQuotesBackslashesAndNonAsciiSurviveTheProbe() {
        Path odd = user.resolve("d\u00e9j\u00e0 \"vu\" \\ \u65e5\u672c/bin");
        Path python = TestLayouts.link(odd.resolve("python3"), MachineInterpreters.pyenv("3.12.1"));

        List<PythonRuntimeInfo> found = discover(DiscoveryRoots.isolated(user, List.of(odd)));

        assertThat(found).singleElement().satisfies(info -> {
            assertThat(info.status()).isEqualTo(PythonRuntimeStatus.READY);
            assertThat(info.executable()).isEqualTo(python);
        });
    }

    @Test
    void python27DescribesItselfWithTheSameScript() {
        Path bin = user.resolve("bin");
        TestLayouts.link(bin.resolve("python2.7"), MachineInterpreters.pyenv("2.7.18"));

        assertThat(discover(DiscoveryRoots.isolated(user, List.of(bin)))).singleElement().satisfies(info -> {
            assertThat(info.status()).isEqualTo(PythonRuntimeStatus.READY);
            assertThat(info.version()).isEqualTo("2.7.18");
            assertThat(info.implementation()).isEqualTo("cpython");
            assertThat(info.stdlib()).hasValueSatisfying(stdlib -> assertThat(stdlib).endsWith(Path.of("lib/python2.7")));
            assertThat(info.selectable()).isFalse();
        });
    }

    @Test
    void hardLinksOfOneInterpreterAreOneEntry() throws Exception {
        Path wrapper = TestLayouts.script(user.resolve("real/python3"), "exec " + MachineInterpreters.pyenv("3.12.1") + " \"$@\"");
        Path bin = user.resolve("bin");
        Path other = user.resolve("other-bin");
        java.nio.file.Files.createDirectories(bin);
        java.nio.file.Files.createDirectories(other);
        java.nio.file.Files.createLink(bin.resolve("python3"), wrapper);
        java.nio.file.Files.createLink(other.resolve("python3"), wrapper);

        List<PythonRuntimeInfo> found = discover(DiscoveryRoots.isolated(user, List.of(bin, other)));

        assertThat(found).singleElement().extracting(PythonRuntimeInfo::executable).isEqualTo(bin.resolve("python3"));
    }
}
