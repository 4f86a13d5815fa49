package io.beep.python.registry;

import io.beep.python.ProcessResult;
import io.beep.python.PythonProcessException;
import io.beep.python.fs.BundledScript;
import io.beep.python.fs.HomeDirectory;
import io.beep.python.fs.HomeLayout;
import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The one way to ask an interpreter about itself: runs {@code probe.py} (version, implementation,
 * prefixes, platform, pip, and on request whether given modules import) and reads its one line of
 * JSON. The registry interrogates with it, provisioning verifies a new interpreter with it, the
 * bootstrap verifies an environment with it.
 */
public final class InterpreterProbe {

    /** Why an executable gave no description of itself; the message reads "exited with code 1: ...". */
    public static final class Failure extends IOException {
        private final OptionalInt exitCode;
        private final String stderr;

        Failure(String message, OptionalInt exitCode, String stderr) {
            super(message);
            this.exitCode = exitCode;
            this.stderr = stderr;
        }

        /** The exit code when it ran and failed; empty when it did not start or printed no description. */
        public OptionalInt exitCode() {
            return exitCode;
        }

        /** Everything it wrote to stderr, stripped. */
        public String stderr() {
            return stderr;
        }
    }

    /** Read on the first probe, not when a registry is made: a start on a known interpreter never probes. */
    private static final class Script {
        static final BundledScript PROBE = BundledScript.load(InterpreterProbe.class, "probe.py", "registry-probe-");
    }

    private final Path home;
    private final Path scriptDir;
    private final ProcessRunner runner;
    private final Duration timeout;

    /** Keeps the probe script in {@code home/cache/registry}; each probe may take up to {@code timeout}. */
    public InterpreterProbe(Path home, ProcessRunner runner, Duration timeout) {
        this.home = home;
        this.scriptDir = HomeLayout.of(home).cache(HomeLayout.Cache.REGISTRY);
        this.runner = runner;
        this.timeout = timeout;
    }

    /** Describes the interpreter at {@code executable}. */
    public ProbeResult describe(Path executable, Cancellation cancellation) throws Failure {
        return describe(executable, List.of(), cancellation);
    }

    /**
     * Describes the interpreter at {@code executable} and tries to import each of {@code modules}
     * (see {@link ProbeResult#imports()}).
     */
    public ProbeResult describe(Path executable, List<String> modules, Cancellation cancellation) throws Failure {
        // -E -s: ignore PYTHON* variables and the user site, so we see the interpreter, not this shell;
        // both exist on 2.7 (unlike -I), which must still be listed.
        List<String> argv = new ArrayList<>(List.of(executable.toString(), "-E", "-s", script().toString()));
        if (!modules.isEmpty()) {
            argv.addAll(List.of("--import", String.join(",", modules)));
        }
        ProcessResult result;
        try {
            result = runner.run(ProcessSpec.of(argv.toArray(String[]::new)).withTimeout(timeout), cancellation);
        } catch (PythonProcessException e) {
            throw new Failure(e.getMessage(), OptionalInt.empty(), "");
        }
        String stderr = result.stderr().strip();
        if (!result.ok()) {
            String last = stderr.isEmpty() ? "no output" : stderr.lines().reduce((a, b) -> b).orElse(stderr);
            throw new Failure("exited with code " + result.exitCode() + ": " + last, OptionalInt.of(result.exitCode()), stderr);
        }
        String out = result.stdout().strip();
        ProbeResult probe;
        try {
            probe = parse(out.lines().reduce((a, b) -> b).orElse(""));
        } catch (IOException e) {
            throw new Failure("printed no description of itself: " + abbreviate(out), OptionalInt.empty(), stderr);
        }
        if (probe.version() == null || probe.prefix() == null) {
            throw new Failure("printed no version or prefix: " + abbreviate(out), OptionalInt.empty(), stderr);
        }
        return probe;
    }

    /** The probe's line of JSON; streaming, as a fresh JVM's first data binding costs more than the probe's process. */
    private static ProbeResult parse(String line) throws IOException {
        Map<String, Object> f = RuntimesJson.readObject(line.getBytes(StandardCharsets.UTF_8));
        if (f == null) {
            throw new IOException("not a JSON object");
        }
        Map<String, String> imports = new LinkedHashMap<>();
        if (f.get("imports") instanceof Map<?, ?> modules) {
            for (Map.Entry<?, ?> module : modules.entrySet()) {
                imports.put(String.valueOf(module.getKey()), module.getValue() == null ? null : String.valueOf(module.getValue()));
            }
        }
        return new ProbeResult(RuntimesJson.text(f, "version"), RuntimesJson.text(f, "implementation"), RuntimesJson.text(f, "architecture"),
                RuntimesJson.text(f, "executable"), RuntimesJson.text(f, "prefix"), RuntimesJson.text(f, "base_prefix"),
                RuntimesJson.flag(f, "in_venv"), RuntimesJson.text(f, "stdlib"), RuntimesJson.flag(f, "externally_managed"),
                RuntimesJson.text(f, "pip_version"), RuntimesJson.flag(f, "ensurepip"), RuntimesJson.flag(f, "freethreaded"), imports);
    }

    /** The probe script on disk, named by a hash of its text so that a changed script is written anew. */
    private synchronized Path script() {
        try {
            // A scan may be the first write into a new home: the home is made owner-only, not by the script's parents.
            HomeDirectory.createIfAbsent(home);
            return Script.PROBE.writeTo(scriptDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the interpreter probe script to " + scriptDir, e);
        }
    }

    private static String abbreviate(String text) {
        return text.isEmpty() ? "(nothing)" : text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
