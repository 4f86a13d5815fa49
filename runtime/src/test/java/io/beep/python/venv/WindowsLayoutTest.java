package io.beep.python.venv;


import io.beep.python.fs.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Windows layout decisions, checked on any OS against a directory laid out like a python.org
 * Windows installation ({@code python.exe} beside {@code Lib\}, launchers in
 * {@code Lib\venv\scripts\nt}).
 */
class WindowsLayoutTest {

    private static final Platform LINUX = new Platform("linux", "x86_64", false);
    private static final Platform WINDOWS = new Platform("windows", "x86_64", false);
    private static final Platform MACOS = new Platform("macosx", "arm64", false);

    @TempDir
    Path temp;

    @Test
    void aWindowsVenvHasScriptsAndLibSitePackagesAndNoLib64() {
        VenvLayout layout = VenvLayout.of(WINDOWS, temp.resolve("env"), "3.13", true);

        assertThat(layout.binName()).isEqualTo("Scripts");
        assertThat(layout.binDir()).isEqualTo(temp.resolve("env/Scripts"));
        assertThat(layout.sitePackages()).isEqualTo(temp.resolve("env/Lib/site-packages"));
        assertThat(layout.includeDir()).isEqualTo(temp.resolve("env/Include"));
        assertThat(layout.lib64()).isFalse();
        assertThat(layout.python(WINDOWS)).isEqualTo(temp.resolve("env/Scripts/python.exe"));
    }

    @Test
    void posixLayoutsLinkLib64OnlyFor64BitNonMacBuilds() {
        assertThat(VenvLayout.of(LINUX, temp, "3.13", true).lib64()).isTrue();
        assertThat(VenvLayout.of(LINUX, temp, "3.13", false).lib64()).isFalse();
        assertThat(VenvLayout.of(MACOS, temp, "3.13", true).lib64()).isFalse();
        assertThat(VenvLayout.of(LINUX, temp, "3.10", true).includeDir()).isEqualTo(temp.resolve("include"));
        assertThat(VenvLayout.of(LINUX, temp, "3.11", true).includeDir()).isEqualTo(temp.resolve("include/python3.11"));
    }

    @Test
    void theStdlibIsPrefixLibAndTheHomeIsTheInstallationDirectory() throws Exception {
        Path prefix = windowsInstallation("venvlauncher.exe", "venvwlauncher.exe");

        BaseInterpreter base = recognize(prefix);

        assertThat(base.stdlib()).isEqualTo(prefix.resolve("Lib"));
        assertThat(base.home()).isEqualTo(prefix);
        assertThat(PyvenvConfig.render(base, temp.resolve("env"))).isEqualTo(
                "home = " + prefix + "\n"
                        + "include-system-site-packages = false\n"
                        + "version = 3.13.5\n"
                        + "executable = " + prefix.resolve("python.exe") + "\n"
                        + "command = " + prefix.resolve("python.exe") + " -m venv " + temp.resolve("env") + "\n");
    }

    @Test
    void pythonExeAndPythonwExeAreCopiesOfTheVenvLaunchers() throws Exception {
        Path prefix = windowsInstallation("venvlauncher.exe", "venvwlauncher.exe");
        BaseInterpreter base = recognize(prefix);
        Path nt = prefix.resolve("Lib/venv/scripts/nt");

        assertThat(Executables.plan(base)).containsExactly(
                new Executables.Placement("python.exe", nt.resolve("venvlauncher.exe"), Executables.Kind.COPY),
                new Executables.Placement("pythonw.exe", nt.resolve("venvwlauncher.exe"), Executables.Kind.COPY));
    }

    @Test
    void before313TheLaunchersAreCalledPythonExeInTheScriptsDirectory() throws Exception {
        Path prefix = windowsInstallation("python.exe", "pythonw.exe");
        BaseInterpreter base = recognize(prefix);
        Path nt = prefix.resolve("Lib/venv/scripts/nt");

        assertThat(Executables.plan(base)).extracting(Executables.Placement::name, Executables.Placement::source)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("python.exe", nt.resolve("python.exe")),
                        org.assertj.core.groups.Tuple.tuple("pythonw.exe", nt.resolve("pythonw.exe")));
    }

    @Test
    void aWindowsInstallationWithoutLaunchersIsNotRecognized() throws Exception {
        Path prefix = windowsInstallation();
        BaseInterpreter base = recognize(prefix);

        assertThatThrownBy(() -> Executables.plan(base)).isInstanceOf(BaseInterpreter.NotRecognized.class)
                .hasMessageContaining("no venv launcher");
    }

    @Test
    void windowsActivationScriptsComeFromCommonAndNtWithoutTheLaunchers() throws Exception {
        Path prefix = windowsInstallation("venvlauncher.exe", "venvwlauncher.exe");

        ActivationScripts.Templates templates = ActivationScripts.load(prefix.resolve("Lib"), WINDOWS);

        assertThat(templates.files()).extracting(ActivationScripts.Template::relativePath)
                .containsExactlyInAnyOrder("Activate.ps1", "activate", "activate.bat", "deactivate.bat");
        assertThat(templates.quotes()).isTrue();
    }

    @Test
    void placeholdersAreQuotedPerScriptLanguageWhenTheBaseVenvQuotesThem() {
        String dir = "C:\\Users\\it's me\\env";
        assertThat(ActivationScripts.substitute("$env:VIRTUAL_ENV = __VENV_DIR__", "Activate.ps1", true, dir, "env", "env", "Scripts", "x"))
                .isEqualTo("$env:VIRTUAL_ENV = 'C:\\Users\\it''s me\\env'");
        assertThat(ActivationScripts.substitute("set VIRTUAL_ENV=__VENV_DIR__", "activate.bat", true, dir, "env", "env", "Scripts", "x"))
                .isEqualTo("set VIRTUAL_ENV=" + dir);
        assertThat(ActivationScripts.substitute("VIRTUAL_ENV=__VENV_DIR__", "activate", true, "/srv/my env", "env", "env", "bin", "x"))
                .isEqualTo("VIRTUAL_ENV='/srv/my env'");
        assertThat(ActivationScripts.substitute("VIRTUAL_ENV=\"__VENV_DIR__\"", "activate", false, "/srv/my env", "env", "env", "bin", "x"))
                .isEqualTo("VIRTUAL_ENV=\"/srv/my env\"");
        assertThat(ActivationScripts.shellQuote("/srv/plain-path_1.0")).isEqualTo("/srv/plain-path_1.0");
        assertThat(ActivationScripts.shellQuote("it's")).isEqualTo("'it'\"'\"'s'");
    }

    @Test
    void openReadsAWindowsVenv() throws IOException {
        Path root = temp.resolve("env");
        Files.createDirectories(root.resolve("Scripts"));
        Files.writeString(root.resolve("pyvenv.cfg"), "home = C:\\Python313\ninclude-system-site-packages = false\nversion = 3.13.5\n");
        Path python = Files.createFile(root.resolve("Scripts/python.exe"));
        makeExecutable(python);

        VirtualEnv venv = new VirtualEnvironments(new io.beep.python.process.ProcessRunner(), temp.resolve("home"), WINDOWS)
                .open(root).orElseThrow();

        assertThat(venv.python()).isEqualTo(python);
        assertThat(venv.sitePackages()).isEqualTo(root.resolve("Lib/site-packages"));
        assertThat(venv.version()).isEqualTo("3.13.5");
    }

    @Test
    void theConsoleLauncherMatchesTheInterpretersMachineType() throws IOException {
        Path seed = Files.createDirectories(temp.resolve("seed/pip/_vendor/distlib"));
        for (String launcher : new String[] {"t64.exe", "t64-arm.exe", "t32.exe"}) {
            Files.write(seed.resolve(launcher), new byte[] {'M', 'Z'});
        }

        assertThat(WindowsScripts.launcher(temp.resolve("seed"), peExecutable("x64.exe", 0x8664))).contains(seed.resolve("t64.exe"));
        assertThat(WindowsScripts.launcher(temp.resolve("seed"), peExecutable("arm.exe", 0xAA64))).contains(seed.resolve("t64-arm.exe"));
        assertThat(WindowsScripts.launcher(temp.resolve("seed"), peExecutable("x86.exe", 0x014C))).contains(seed.resolve("t32.exe"));
    }

    @Test
    void pipExeIsTheLauncherThenTheShebangThenAZipWithMainPy() throws IOException {
        byte[] launcher = {'M', 'Z', 1, 2, 3};
        String body = SeedInstaller.scriptText("", "pip._internal.cli.main:main");

        byte[] exe = WindowsScripts.exe(launcher, "C:\\Users\\me\\my env\\Scripts\\python.exe", body);

        assertThat(java.util.Arrays.copyOf(exe, launcher.length)).isEqualTo(launcher);
        String rest = new String(exe, launcher.length, exe.length - launcher.length, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(rest).startsWith("#!\"C:\\Users\\me\\my env\\Scripts\\python.exe\"\r\nPK");
        int zipStart = launcher.length + rest.indexOf("PK");
        try (var zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(exe, zipStart, exe.length - zipStart))) {
            assertThat(zip.getNextEntry().getName()).isEqualTo("__main__.py");
            assertThat(new String(zip.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(body).contains("from pip._internal.cli.main import main").doesNotContain("#!");
        }
    }

    @Test
    void aWindowsSeedWritesExeScriptsAndRecordsThemBesideTheScriptsDirectory() throws IOException {
        Path root = temp.resolve("cache/pip-25.1.1");
        Files.createDirectories(root.resolve("pip/_vendor/distlib"));
        Files.createDirectories(root.resolve("pip-25.1.1.dist-info"));
        Files.write(root.resolve("pip/_vendor/distlib/t64.exe"), new byte[] {'M', 'Z'});
        Files.writeString(root.resolve("pip/__init__.py"), "");
        SeedImage image = new SeedImage(root, "pip-25.1.1.dist-info", java.util.List.of("pip", "pip/_vendor", "pip/_vendor/distlib",
                "pip-25.1.1.dist-info"), java.util.List.of("pip/__init__.py", "pip/_vendor/distlib/t64.exe"),
                java.util.List.of("pip/__init__.py,sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU,0"),
                java.util.List.of("pip=pip._internal.cli.main:main", "pip3=pip._internal.cli.main:main", "pip3.13=pip._internal.cli.main:main"));
        VenvLayout layout = VenvLayout.of(WINDOWS, temp.resolve("env"), "3.13", true);
        Files.createDirectories(layout.sitePackages());
        Files.createDirectories(layout.binDir());
        Files.copy(peExecutable("launcher.exe", 0x8664), layout.binDir().resolve("python.exe"));

        SeedInstaller.install(image, layout, temp.resolve("env"), "python.exe", false);

        assertThat(layout.binDir().resolve("pip.exe")).exists();
        assertThat(layout.binDir().resolve("pip3.13.exe")).exists();
        assertThat(Files.readAllLines(layout.sitePackages().resolve("pip-25.1.1.dist-info/RECORD")))
                .anyMatch(l -> l.startsWith("../../Scripts/pip.exe,sha256="))
                .anyMatch(l -> l.startsWith("../../Scripts/pip3.13.exe,sha256="))
                .contains("pip-25.1.1.dist-info/RECORD,,");
    }

    /** A minimal PE file: MZ header pointing at a PE signature and the COFF machine field. */
    private Path peExecutable(String name, int machine) throws IOException {
        byte[] bytes = new byte[0x100];
        bytes[0] = 'M';
        bytes[1] = 'Z';
        bytes[0x3C] = (byte) 0x80;
        bytes[0x80] = 'P';
        bytes[0x81] = 'E';
        bytes[0x84] = (byte) (machine & 0xFF);
        bytes[0x85] = (byte) (machine >> 8);
        return Files.write(temp.resolve(name), bytes);
    }

    private Path windowsInstallation(String... launchers) throws IOException {
        Path prefix = temp.resolve("Python313");
        Path nt = Files.createDirectories(prefix.resolve("Lib/venv/scripts/nt"));
        Path common = Files.createDirectories(prefix.resolve("Lib/venv/scripts/common"));
        Files.writeString(prefix.resolve("Lib/os.py"), "# os\n");
        Files.writeString(prefix.resolve("Lib/venv/__init__.py"), "def quote_ps1(s): ...\n");
        Files.writeString(common.resolve("activate"), "export VIRTUAL_ENV=__VENV_DIR__\n");
        Files.writeString(common.resolve("Activate.ps1"), "# no placeholders\n");
        Files.writeString(nt.resolve("activate.bat"), "set VIRTUAL_ENV=__VENV_DIR__\n");
        Files.writeString(nt.resolve("deactivate.bat"), "@echo off\n");
        for (String launcher : launchers) {
            Files.write(nt.resolve(launcher), new byte[] {'M', 'Z'});
        }
        Files.write(prefix.resolve("python.exe"), new byte[] {'M', 'Z'});
        return prefix;
    }

    /** Recognizes the installation from what the registry reports: executable, version, prefix, base prefix. */
    private static BaseInterpreter recognize(Path prefix) throws BaseInterpreter.NotRecognized {
        return BaseInterpreter.recognize(prefix.resolve("python.exe"), "3.13.5", prefix, prefix, WINDOWS);
    }

    private static void makeExecutable(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
