package io.beep.python.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beep.python.ProcessResult;
import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Proves an unpacked interpreter works before it is moved into place: it must start, report its
 * version, and import {@code ssl}, {@code ctypes} and {@code venv} when its build has them (a
 * module that exists but fails to load means a missing system library, not a leaner build).
 */
final class InterpreterCheck {

    /** What the new interpreter said about itself. */
    record Report(String version, String implementation, Map<String, String> modules) {
        boolean hasPip() {
            return "ok".equals(modules.get("pip"));
        }

        boolean hasEnsurepip() {
            return "ok".equals(modules.get("ensurepip"));
        }
    }

    static final List<String> REQUIRED_WHEN_PRESENT = List.of("ssl", "ctypes", "venv");

    private static final String SCRIPT = """
            import importlib, importlib.util, json, platform, sys
            modules = {}
            for name in ("ssl", "ctypes", "venv"):
                try:
                    importlib.import_module(name)
                    modules[name] = "ok"
                except ModuleNotFoundError as e:
                    modules[name] = "absent" if e.name in (name, "_" + name) else "broken: %s" % e
                except Exception as e:
                    modules[name] = "broken: %s: %s" % (type(e).__name__, e)
            for name in ("pip", "ensurepip"):
                modules[name] = "ok" if importlib.util.find_spec(name) is not None else "absent"
            print(json.dumps({"version": platform.python_version(), "implementation": sys.implementation.name, "modules": modules}))
            """;

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final ProcessRunner runner;
    private final ObjectMapper json = new ObjectMapper();

    InterpreterCheck(ProcessRunner runner) {
        this.runner = runner;
    }

    /** Runs the interpreter; throws {@link IOException} with its output when it does not work. */
    Report inspect(Path executable, Cancellation cancellation) throws IOException {
        ProcessResult result = runner.run(ProcessSpec.of(executable.toString(), "-I", "-c", SCRIPT).withTimeout(TIMEOUT), cancellation);
        if (result.exitCode() != 0) {
            throw new IOException("the unpacked interpreter does not start (exit " + result.exitCode() + "): " + tail(result.stderr()));
        }
        JsonNode node;
        try {
            String stdout = result.stdout().trim();
            node = json.readTree(stdout.substring(stdout.lastIndexOf('\n') + 1));
        } catch (IOException | RuntimeException e) {
            throw new IOException("the unpacked interpreter printed no version report: " + tail(result.stdout() + result.stderr()), e);
        }
        Map<String, String> modules = new LinkedHashMap<>();
        node.path("modules").fields().forEachRemaining(e -> modules.put(e.getKey(), e.getValue().asText()));
        Report report = new Report(node.path("version").asText(), node.path("implementation").asText(), modules);
        for (String name : REQUIRED_WHEN_PRESENT) {
            String state = modules.getOrDefault(name, "absent");
            if (state.startsWith("broken")) {
                throw new IOException("the unpacked interpreter cannot import " + name + " (" + state + ")");
            }
        }
        return report;
    }

    /** Installs pip with the interpreter's own {@code ensurepip}, offline from its bundled wheel. */
    void ensurePip(Path executable, Cancellation cancellation) throws IOException {
        ProcessResult result = runner.run(ProcessSpec.of(executable.toString(), "-I", "-m", "ensurepip", "--default-pip")
                .withTimeout(TIMEOUT), cancellation);
        if (result.exitCode() != 0) {
            throw new IOException("ensurepip failed (exit " + result.exitCode() + "): " + tail(result.stderr()));
        }
    }

    private static String tail(String text) {
        String trimmed = text == null ? "" : text.strip();
        return trimmed.length() <= 800 ? trimmed : "..." + trimmed.substring(trimmed.length() - 800);
    }
}
