package io.beep.python.venv;

import io.beep.python.ProcessResult;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.registry.PythonRuntimeInfo;
import io.beep.python.registry.PythonRuntimeRegistry;
import io.beep.python.testing.TestPython;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A venv written by {@link VirtualEnvironments} must be indistinguishable, to Python and to pip,
 * from one {@code python -m venv} makes: the same {@code sys} and {@code sysconfig} answers, the
 * same files, the same {@code pip list}.
 */
class NativeVenvMatchesStdlibTest {

    private static final String PROBE = String.join("\n",
            "import json, os, site, sys, sysconfig",
            "print(json.dumps({",
            "  'prefix': sys.prefix, 'exec_prefix': sys.exec_prefix,",
            "  'base_prefix': sys.base_prefix, 'base_exec_prefix': sys.base_exec_prefix,",
            "  'executable': sys.executable, 'base_executable': getattr(sys, '_base_executable', None),",
            "  'path': sys.path, 'paths': sysconfig.get_paths(), 'site_packages': site.getsitepackages(),",
            "  'user_site': site.ENABLE_USER_SITE, 'in_venv': sys.prefix != sys.base_prefix,",
            "}, sort_keys=True))");

    private final ProcessRunner runner = new ProcessRunner();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.beep.python.venv.BaseInterpreters#availableExecutables")
    void sysAndSysconfigAnswerAsInAStdlibVenv(Path executable) throws IOException {
        PythonRuntimeInfo base = new PythonRuntimeRegistry(temp.resolve("home"), runner).interrogate(executable);
        VirtualEnvironments venvs = new VirtualEnvironments(runner, temp.resolve("home"));
        assertThat(venvs.strategy(base)).isEqualTo("native");

        Path ours = temp.resolve("ours").resolve("env");
        Path theirs = temp.resolve("theirs").resolve("env");
        venvs.create(base, ours);
        Files.createDirectories(theirs.getParent());
        run(base.executable().toString(), "-m", "venv", "--without-pip", theirs.toString());

        JsonNode oursProbe = probe(ours);
        assertThat(oursProbe.get("in_venv").asBoolean()).isTrue();
        assertThat(oursProbe).isEqualTo(probe(theirs));
        assertThat(layout(ours)).containsAll(layout(theirs));
        assertThat(Files.readString(ours.resolve("pyvenv.cfg")).replace(ours.toString(), "<VENV>"))
                .isEqualTo(Files.readString(theirs.resolve("pyvenv.cfg")).replace(" --without-pip", "").replace(theirs.toString(), "<VENV>"));
        // The seeded packages are the ones ensurepip would install: pip, and setuptools before 3.12.
        JsonNode listed = json.readTree(run(ours.resolve("bin/python").toString(), "-m", "pip", "list", "--format", "json").stdout());
        List<String> names = new ArrayList<>();
        listed.forEach(p -> names.add(p.get("name").asText()));
        assertThat(names).containsExactlyInAnyOrderElementsOf(
                VenvLayout.atLeast(base.version().replaceAll("^(\\d+\\.\\d+).*", "$1"), 3, 12) ? List.of("pip") : List.of("pip", "setuptools"));
    }

    @Test
    void pipIsInstalledAsEnsurepipInstallsIt() throws IOException {
        PythonRuntimeInfo base = BaseInterpreters.pyenv("3.13.0", temp.resolve("home"), runner);
        VirtualEnvironments venvs = new VirtualEnvironments(runner, temp.resolve("home"));
        Path ours = temp.resolve("ours").resolve("env");
        Path theirs = temp.resolve("theirs").resolve("env");
        venvs.create(base, ours);
        Files.createDirectories(theirs.getParent());
        run(base.executable().toString(), "-m", "venv", theirs.toString());

        assertThat(run(ours.resolve("bin/python").toString(), "-m", "pip", "--version").stdout())
                .startsWith("pip 24.2 from " + ours.resolve("lib/python3.13/site-packages/pip"));
        assertThat(json.readTree(run(ours.resolve("bin/pip").toString(), "list", "--format", "json").stdout()))
                .isEqualTo(json.readTree(run(theirs.resolve("bin/pip").toString(), "list", "--format", "json").stdout()));
        assertThat(layout(ours)).isEqualTo(withOwnershipFile(layout(theirs)));
        for (String script : new String[] {"pip", "pip3", "pip3.13", "activate", "activate.fish", "activate.csh", "Activate.ps1"}) {
            assertThat(Files.readString(ours.resolve("bin").resolve(script)).replace(ours.toString(), "<VENV>"))
                    .as(script)
                    .isEqualTo(Files.readString(theirs.resolve("bin").resolve(script)).replace(theirs.toString(), "<VENV>"));
        }
        Path record = Path.of("lib/python3.13/site-packages/pip-24.2.dist-info/RECORD");
        // Script hashes differ with the venv's path (it is in the shebang); their text was compared above.
        assertThat(recordWithoutScriptHashes(ours.resolve(record)))
                .containsAll(recordWithoutScriptHashes(theirs.resolve(record)).stream().filter(l -> !l.contains("__pycache__")).toList());
        assertThat(run(ours.resolve("bin/python").toString(), "-m", "pip", "check").exitCode()).isZero();
    }

    @Test
    void theRelocatableTestPythonGetsLinksItCanStartThroughAndQuotedActivateScripts() throws IOException {
        PythonRuntimeInfo base = new PythonRuntimeRegistry(temp.resolve("home"), runner).interrogate(TestPython.executable());
        VirtualEnvironments venvs = new VirtualEnvironments(runner, temp.resolve("home"));
        assertThat(venvs.strategy(base)).isEqualTo("native");
        Path ours = temp.resolve("ours").resolve("my env");
        Path theirs = temp.resolve("theirs").resolve("my env");
        venvs.create(base, ours);
        Files.createDirectories(theirs.getParent());
        run(base.executable().toString(), "-m", "venv", theirs.toString());

        // The bytedeco build finds libpython through RUNPATH $ORIGIN/../: only a link to the real executable starts.
        assertThat(Files.isSymbolicLink(ours.resolve("bin/python3"))).isTrue();
        assertThat(probe(ours)).isEqualTo(probe(theirs));
        assertThat(layout(ours)).isEqualTo(withOwnershipFile(layout(theirs)));
        // 3.13.5 quotes the substituted paths (gh-124651); the path has a space, so quoting shows.
        for (String script : new String[] {"pip", "pip3", "pip3.13", "activate", "activate.fish", "activate.csh", "Activate.ps1"}) {
            assertThat(Files.readString(ours.resolve("bin").resolve(script)).replace(ours.toString(), "<VENV>"))
                    .as(script)
                    .isEqualTo(Files.readString(theirs.resolve("bin").resolve(script)).replace(theirs.toString(), "<VENV>"));
        }
        assertThat(json.readTree(run(ours.resolve("bin/python").toString(), "-m", "pip", "list", "--format", "json").stdout()))
                .isEqualTo(json.readTree(run(theirs.resolve("bin/python").toString(), "-m", "pip", "list", "--format", "json").stdout()));
    }

    private static Set<String> recordWithoutScriptHashes(Path record) throws IOException {
        return Files.readAllLines(record).stream()
                .map(l -> l.startsWith("../../../bin/") ? l.substring(0, l.indexOf(',')) : l)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private JsonNode probe(Path venv) throws IOException {
        String out = run(venv.resolve("bin/python").toString(), "-c", PROBE).stdout();
        return json.readTree(out.replace(venv.toString(), "<VENV>"));
    }

    /** Every path in the venv except byte-code, with its kind: what a user or tool would see. */
    private static Set<String> layout(Path venv) throws IOException {
        try (Stream<Path> walk = Files.walk(venv)) {
            return walk.filter(p -> !p.toString().contains("__pycache__"))
                    .map(p -> venv.relativize(p) + (Files.isSymbolicLink(p) ? " -> " + readLink(p)
                            : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "/" : ""))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** The stdlib's layout plus the one file that tells our venvs from everyone else's. */
    private static Set<String> withOwnershipFile(Set<String> layout) {
        Set<String> ours = new TreeSet<>(layout);
        ours.add(VirtualEnvironments.OWNERSHIP_FILE);
        return ours;
    }

    private static String readLink(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException e) {
            return "?";
        }
    }

    private ProcessResult run(String... argv) {
        ProcessResult result = runner.run(ProcessSpec.of(argv));
        assertThat(result.exitCode()).as(String.join(" ", argv) + "\n" + result.stderr()).isZero();
        return result;
    }

    static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
