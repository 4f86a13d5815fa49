package io.beep.python.packages;

import io.beep.python.ProcessResult;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.packages.lock.LockFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * uv as an installer: {@code uv pip install --python <python> ...}. uv reads no pip.conf, so where
 * the caller set no sources pip's configuration is passed on as {@code UV_*} variables. uv has no
 * install report; what it installed is the difference of the metadata before and after, and the
 * hashes for the lock come from {@code uv pip compile --generate-hashes} of those exact pins
 * (served from uv's cache, which the install just filled). Like pip, it byte-compiles what it installs.
 */
final class UvInstaller implements Installer {

    private final ProcessRunner runner;
    private final Path uv;

    UvInstaller(ProcessRunner runner, Path uv) {
        this.runner = runner;
        this.uv = uv;
    }

    @Override
    public String name() {
        return "uv";
    }

    @Override
    public Outcome install(Request request) {
        InstallerSources sources = sources(request);
        // --compile-bytecode: pip byte-compiles what it installs, uv only when asked; without it the first import after a uv
        // install pays the compilation (and writes into the venv at run time).
        List<String> argv = new ArrayList<>(List.of(uv.toString(), "pip", "install", "--python", request.python().toString(), "--no-progress",
                "--compile-bytecode"));
        if (request.noDependencies()) {
            argv.add("--no-deps");
        }
        if (request.requireHashes()) {
            argv.add("--require-hashes");
        }
        argv.addAll(sources.arguments());
        argv.addAll(InstallerSources.requirementArguments(request.arguments(), request.workDirectory()));
        InstallerProgress progress = InstallerProgress.uv(request.progress());
        ProcessResult result = runner.run(ProcessSpec.of(argv).withEnvironment(sources.environment()).withTimeout(request.timeout()),
                request.cancellation(), progress);
        if (!result.ok()) {
            return new Outcome(false, Map.of(), result.stderr().isBlank() ? result.stdout() : result.stderr());
        }
        progress.finished();
        return new Outcome(true, Map.of(), result.stderr());
    }

    /** The request's sources for uv: pip's configuration as {@code UV_*} variables, under what the caller set; no credentials in argv. */
    private static InstallerSources sources(Request request) {
        return sources(request.sources(), request.python());
    }

    /** uv's sources for an install with {@code python}: pip's configuration under what the user's own environment sets. */
    static InstallerSources sources(PackageSources sources, Path python) {
        // Our own caller's VIRTUAL_ENV is cleaned by the runner; --python names the target.
        PipConfiguration configuration = PipConfiguration.load(System.getenv(), Path.of(System.getProperty("user.home")),
                TargetVenv.root(python));
        return InstallerSources.uv(sources, configuration.toUvEnvironment(), configuration::userSet);
    }

    @Override
    public Map<String, LockFile.Package> lockEntries(Request request, Map<String, String> pins) {
        if (pins.isEmpty()) {
            return Map.of();
        }
        InstallerSources sources = sources(request);
        try {
            Path in = request.workDirectory().resolve("uv-pins.txt");
            Path out = request.workDirectory().resolve("pylock.toml");
            List<String> lines = new ArrayList<>();
            pins.forEach((name, version) -> lines.add(name + "==" + version));
            Files.write(in, lines);
            List<String> argv = new ArrayList<>(List.of(uv.toString(), "pip", "compile", "--python", request.python().toString(), "--quiet",
                    "--no-deps", "--generate-hashes", "--format", "pylock.toml", "--no-header", "--output-file", out.toString()));
            argv.addAll(sources.arguments());
            argv.add(in.toString());
            ProcessResult result = runner.run(ProcessSpec.of(argv).withEnvironment(sources.environment()).withTimeout(Duration.ofMinutes(2)),
                    request.cancellation());
            if (!result.ok() || !Files.isRegularFile(out)) {
                return Map.of(); // the install succeeded; the lock just knows less
            }
            Map<String, LockFile.Package> locked = new LinkedHashMap<>();
            for (LockFile.Package p : LockFile.read(out)) {
                String name = Requirement.normalize(p.name());
                // The environment's lock is for this environment: drop markers uv adds for the resolution's universe.
                locked.put(name, new LockFile.Package(name, p.version(), Optional.empty(), p.kind(), p.artifacts(), p.commit()));
            }
            return locked;
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }
}
