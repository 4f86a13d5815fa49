package io.beep.python.registry;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The interpreters on this machine: discovery, interrogation and persistence in
 * {@code ${home}/runtimes.json}. The bootstrap asks it for an interpreter matching a version
 * request; applications may inject it to list or pin interpreters.
 * <p>
 * WALKING-SKELETON VERSION: discovers PATH and pyenv only, keeps results in memory.
 */
public final class PythonRuntimeRegistry {

    private static final String PROBE = "import json, os, platform, sys\n"
            + "print(json.dumps({'version': platform.python_version(), 'implementation': sys.implementation.name,"
            + " 'architecture': platform.machine(), 'prefix': sys.prefix, 'base_prefix': getattr(sys, 'base_prefix', sys.prefix),"
            + " 'executable': sys.executable}))";

    private final Path home;
    private final ProcessRunner runner;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, PythonRuntimeInfo> runtimes = new LinkedHashMap<>();
    private String defaultId;

    public PythonRuntimeRegistry(Path home, ProcessRunner runner) {
        this.home = home;
        this.runner = runner;
    }

    public synchronized void initialize() {
        if (runtimes.isEmpty()) {
            refresh();
        }
    }

    public synchronized void refresh() {
        for (Path candidate : candidates()) {
            try {
                PythonRuntimeInfo info = interrogate(candidate);
                runtimes.putIfAbsent(info.id(), info);
            } catch (PythonBootstrapException e) {
                // Not a working interpreter: skipped.
            }
        }
    }

    public synchronized List<PythonRuntimeInfo> getAvailableRuntimes() {
        return List.copyOf(runtimes.values());
    }

    public synchronized Optional<PythonRuntimeInfo> getRuntime(String id) {
        return Optional.ofNullable(runtimes.get(id));
    }

    public synchronized Optional<PythonRuntimeInfo> getDefaultRuntime() {
        return Optional.ofNullable(defaultId).map(runtimes::get);
    }

    public synchronized void setDefaultRuntime(String id) {
        if (!runtimes.containsKey(id)) {
            throw new PythonBootstrapException(BootstrapStage.INITIALIZING_REGISTRY, id, "Unknown runtime id '" + id + "'");
        }
        defaultId = id;
    }

    public synchronized PythonRuntimeInfo registerManagedRuntime(String name, PythonRuntimeType type, Path executable) {
        PythonRuntimeInfo probed = interrogate(executable);
        PythonRuntimeInfo info = new PythonRuntimeInfo(probed.id(), name, type, "managed", probed.status(), probed.executable(),
                probed.version(), probed.implementation(), probed.architecture(), probed.prefix(), probed.basePrefix(),
                probed.externallyManaged(), probed.pipVersion(), probed.lastChecked(), probed.error());
        runtimes.put(info.id(), info);
        return info;
    }

    /** The best ready interpreter matching {@code versionRequest} ({@code 3}, {@code 3.13}, {@code 3.13.5}): newest first. */
    public synchronized Optional<PythonRuntimeInfo> find(String versionRequest) {
        return runtimes.values().stream()
                .filter(PythonRuntimeInfo::isReady)
                .filter(info -> info.type() != PythonRuntimeType.VIRTUAL_ENV)
                .filter(info -> matches(info.version(), versionRequest))
                .max(Comparator.comparing(PythonRuntimeInfo::version, PythonRuntimeRegistry::compareVersions));
    }

    /** Runs the probe in {@code executable}; throws naming the path when it is not a working Python. */
    public PythonRuntimeInfo interrogate(Path executable) {
        if (!Files.isExecutable(executable)) {
            throw new PythonBootstrapException(BootstrapStage.CHECKING_RUNTIME, executable.toString(),
                    "Python interpreter '" + executable + "' does not exist or is not executable");
        }
        var result = runner.run(ProcessSpec.of(executable.toString(), "-I", "-c", PROBE).withTimeout(Duration.ofSeconds(20)));
        if (!result.ok()) {
            throw new PythonBootstrapException(BootstrapStage.CHECKING_RUNTIME, executable.toString(),
                    "Python interpreter '" + executable + "' failed to run: " + result.stderr().strip());
        }
        try {
            JsonNode node = json.readTree(result.stdout());
            Path real = executable.toRealPath();
            Path prefix = Path.of(node.get("prefix").asText());
            Path basePrefix = Path.of(node.get("base_prefix").asText());
            PythonRuntimeType type = prefix.equals(basePrefix) ? PythonRuntimeType.SYSTEM : PythonRuntimeType.VIRTUAL_ENV;
            return new PythonRuntimeInfo(real.toString(), "CPython " + node.get("version").asText(), type, "path",
                    PythonRuntimeStatus.READY, executable, node.get("version").asText(), node.get("implementation").asText(),
                    node.get("architecture").asText(), prefix, basePrefix, Files.exists(externallyManagedMarker(basePrefix)),
                    Optional.empty(), Instant.now(), Optional.empty());
        } catch (IOException e) {
            throw new PythonBootstrapException(BootstrapStage.CHECKING_RUNTIME, executable.toString(),
                    "Python interpreter '" + executable + "' printed no usable description: " + e.getMessage(), e);
        }
    }

    private static Path externallyManagedMarker(Path prefix) {
        return prefix.resolve("EXTERNALLY-MANAGED");
    }

    private List<Path> candidates() {
        List<Path> found = new ArrayList<>();
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isBlank() || dir.contains(".pyenv/shims")) {
                continue;
            }
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                files.filter(p -> p.getFileName().toString().matches("python3(\\.\\d+)?")).forEach(found::add);
            } catch (IOException | RuntimeException e) {
                // Unreadable PATH entry: nothing to find there.
            }
        }
        Path pyenv = Path.of(System.getProperty("user.home"), ".pyenv", "versions");
        try (Stream<Path> versions = Files.list(pyenv)) {
            versions.map(v -> v.resolve("bin/python3")).filter(Files::isExecutable).forEach(found::add);
        } catch (IOException e) {
            // No pyenv.
        }
        return found;
    }

    static boolean matches(String version, String request) {
        return version.equals(request) || version.startsWith(request + ".");
    }

    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int xi = i < x.length ? parse(x[i]) : 0;
            int yi = i < y.length ? parse(y[i]) : 0;
            if (xi != yi) {
                return Integer.compare(xi, yi);
            }
        }
        return 0;
    }

    private static int parse(String part) {
        String digits = part.replaceAll("\\D.*", "");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }

    Path home() {
        return home;
    }
}
