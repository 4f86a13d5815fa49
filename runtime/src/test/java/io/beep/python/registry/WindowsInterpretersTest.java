package io.beep.python.registry;

import io.beep.python.process.ProcessRunner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** PEP 514 registry and {@code py} launcher output, parsed from recorded text; then a fake Windows layout discovered for real. */
class WindowsInterpretersTest {

    /** {@code reg query HKCU\Software\Python /s} on a machine with python.org 3.12, a conda install and the launcher. */
    static final String REGISTRY = """

            HKEY_CURRENT_USER\\Software\\Python\\PythonCore
                DisplayName    REG_SZ    Python Software Foundation

            HKEY_CURRENT_USER\\Software\\Python\\PythonCore\\3.12
                DisplayName    REG_SZ    Python 3.12 (64-bit)
                SupportUrl    REG_SZ    https://www.python.org/
                SysArchitecture    REG_SZ    64bit
                SysVersion    REG_SZ    3.12
                Version    REG_SZ    3.12.1

            HKEY_CURRENT_USER\\Software\\Python\\PythonCore\\3.12\\InstallPath
                (Default)    REG_SZ    C:\\Users\\ana\\AppData\\Local\\Programs\\Python\\Python312\\
                ExecutablePath    REG_SZ    C:\\Users\\ana\\AppData\\Local\\Programs\\Python\\Python312\\python.exe
                WindowedExecutablePath    REG_SZ    C:\\Users\\ana\\AppData\\Local\\Programs\\Python\\Python312\\pythonw.exe

            HKEY_CURRENT_USER\\Software\\Python\\PythonCore\\3.12\\PythonPath
                (Default)    REG_SZ    C:\\Users\\ana\\AppData\\Local\\Programs\\Python\\Python312\\Lib\\

            HKEY_LOCAL_MACHINE\\Software\\Python\\ContinuumAnalytics\\Anaconda39-64\\InstallPath
                (Default)    REG_SZ    C:\\ProgramData\\Anaconda3

            HKEY_CURRENT_USER\\Software\\Python\\PyLauncher\\InstallPath
                (Default)    REG_SZ    C:\\Windows\\py.exe
            """;

    /** {@code py --list-paths} from the 3.11+ launcher. */
    static final String LAUNCHER_NEW = """
             -V:3.12 *        C:\\Users\\ana\\AppData\\Local\\Programs\\Python\\Python312\\python.exe
             -V:3.11          C:\\Program Files\\Python311\\python.exe
             -V:ContinuumAnalytics/Anaconda39-64 C:\\ProgramData\\Anaconda3\\python.exe
            """;

    /** {@code py -0p} from the 3.7-3.10 launcher. */
    static final String LAUNCHER_OLD = """
            Installed Pythons found by py Launcher for Windows
             -3.9-64        C:\\Python39\\python.exe *
             -3.8-32        C:\\Program Files (x86)\\Python38-32\\python.exe
            """;

    @TempDir
    Path machine;

    @TempDir
    Path home;

    @Test
    void registryInstallPathsPreferExecutablePathAndSkipTheLauncher() {
        assertThat(WindowsInterpreters.parseRegistry(REGISTRY)).extracting(WindowsInterpreters.Entry::tag,
                WindowsInterpreters.Entry::executable).containsExactly(
                        tuple("PythonCore/3.12", "C:\\Users\\ana\\AppData\\Local\\Programs\\Python\\Python312\\python.exe"),
                        tuple("ContinuumAnalytics/Anaconda39-64", "C:\\ProgramData\\Anaconda3\\python.exe"));
    }

    @Test
    void launcherListsOfBothFormatsKeepPathsWithSpaces() {
        assertThat(WindowsInterpreters.parseLauncherList(LAUNCHER_NEW)).extracting(WindowsInterpreters.Entry::tag,
                WindowsInterpreters.Entry::executable).containsExactly(
                        tuple("3.12", "C:\\Users\\ana\\AppData\\Local\\Programs\\Python\\Python312\\python.exe"),
                        tuple("3.11", "C:\\Program Files\\Python311\\python.exe"),
                        tuple("ContinuumAnalytics/Anaconda39-64", "C:\\ProgramData\\Anaconda3\\python.exe"));
        assertThat(WindowsInterpreters.parseLauncherList(LAUNCHER_OLD)).extracting(WindowsInterpreters.Entry::executable)
                .containsExactly("C:\\Python39\\python.exe", "C:\\Program Files (x86)\\Python38-32\\python.exe");
    }

    @Test
    void emptyOrFailedQueriesYieldNothing() {
        assertThat(WindowsInterpreters.parseRegistry("ERROR: The system was unable to find the specified registry key or value."))
                .isEmpty();
        assertThat(WindowsInterpreters.parseLauncherList("No installed Pythons found!")).isEmpty();
    }

    @Test
    void fakeWindowsLayoutIsDiscoveredFromRegistryLauncherCondaAndPath() {
        Path python312 = TestLayouts.link(machine.resolve("Python312/python.exe"), MachineInterpreters.pyenv("3.12.1"));
        Path python311 = TestLayouts.link(machine.resolve("Program Files/Python311/python.exe"), MachineInterpreters.pyenv("3.11.7"));
        Path anaconda = TestLayouts.link(machine.resolve("user/anaconda3/python.exe"), MachineInterpreters.pyenv("3.10.13"));
        TestLayouts.mkdirs(machine.resolve("user/anaconda3/conda-meta"));
        Path onPath = TestLayouts.link(machine.resolve("tools/python.exe"), MachineInterpreters.pyenv("3.13.0"));
        // The Microsoft Store alias opens the Store: never probed.
        TestLayouts.script(machine.resolve("WindowsApps/python.exe"), "exit 9009");
        String registryOutput = "HKEY_CURRENT_USER\\Software\\Python\\PythonCore\\3.12\\InstallPath\n"
                + "    ExecutablePath    REG_SZ    " + python312 + "\n";
        String launcher = " -V:3.12 *        " + python312 + "\n -V:3.11          " + python311 + "\n";
        DiscoveryRoots roots = DiscoveryRoots.isolated(machine.resolve("user"),
                List.of(machine.resolve("WindowsApps"), machine.resolve("tools"))).asWindows(new DiscoveryRoots.WindowsQueries() {
                    @Override
                    public String registry() {
                        return registryOutput;
                    }

                    @Override
                    public String pyLauncher() {
                        return launcher;
                    }
                });
        PythonRuntimeRegistry windowsRegistry = new PythonRuntimeRegistry(home, new ProcessRunner(), roots, Duration.ofSeconds(20));

        List<PythonRuntimeInfo> found = windowsRegistry.list();

        assertThat(found).extracting(PythonRuntimeInfo::executable, PythonRuntimeInfo::source, PythonRuntimeInfo::version)
                .containsExactlyInAnyOrder(
                        tuple(python312, "windows-registry", "3.12.1"),
                        tuple(python311, "py-launcher", "3.11.7"),
                        tuple(anaconda, "conda", "3.10.13"),
                        tuple(onPath, "path", "3.13.0"));
    }

    @Test
    void windowsVenvsOfTheExtensionLiveInScripts() {
        Path venv = home.resolve("venvs/default");
        TestLayouts.write(venv.resolve("pyvenv.cfg"), "home = " + MachineInterpreters.pyenv("3.12.1").getParent() + "\n");
        Path exe = TestLayouts.link(venv.resolve("Scripts/python.exe"), MachineInterpreters.pyenv("3.12.1"));
        DiscoveryRoots roots = DiscoveryRoots.isolated(machine, List.of()).asWindows(new DiscoveryRoots.WindowsQueries() {
            @Override
            public String registry() {
                return "";
            }

            @Override
            public String pyLauncher() {
                return "";
            }
        });

        List<PythonRuntimeInfo> found = new PythonRuntimeRegistry(home, new ProcessRunner(), roots, Duration.ofSeconds(20))
                .list();

        assertThat(found).singleElement().satisfies(info -> {
            assertThat(info.executable()).isEqualTo(exe);
            assertThat(info.type()).isEqualTo(PythonRuntimeType.VIRTUAL_ENV);
        });
    }
}
