package io.beep.python.bootstrap;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;
import io.beep.python.ProcessResult;
import io.beep.python.fs.FileTrees;
import io.beep.python.fs.HomeLayout;
import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.provision.PythonProvisioner;
import io.beep.python.registry.PythonRuntimeInfo;
import io.beep.python.workers.WorkerOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Bakes environments at build time: bootstraps each one under a build home with a managed
 * (relocatable) interpreter, byte-compiles its packages, and lays interpreter and site-packages out
 * under the application's {@code python/} directory with a {@link BakedEnvironment} description.
 * <p>
 * The build home keeps its interpreter and venvs between builds, so a second build with unchanged
 * inputs takes the warm path (no process) and only links the files again. Files are hard-linked
 * from the build home when both sit on one file system, copied otherwise: the output directory is
 * emptied by every package build, and copying an interpreter each time would make builds slow.
 */
public final class EnvironmentBaker {

    /** What one bake produced, for the build's log line. */
    public record Baked(String name, String pythonVersion, Path interpreter, int packages, long bytes, boolean reused, Duration took) {
    }

    private static final Duration COMPILE_TIMEOUT = Duration.ofMinutes(10);

    private final PythonBootstrapManager manager;
    private final ProcessRunner runner;

    public EnvironmentBaker(Path buildHome, ProcessRunner runner, FailureHints hints) {
        this.manager = new PythonBootstrapManager(buildHome, runner, hints);
        this.runner = runner;
    }

    /**
     * A baker whose provisioning looks in {@code localMavenRepository} first: the build's own local
     * repository, into which the build's resolver (with its mirrors and credentials) put CPython.
     */
    public EnvironmentBaker(Path buildHome, ProcessRunner runner, FailureHints hints, Path localMavenRepository) {
        Path home = buildHome.toAbsolutePath();
        Rooms defaults = Rooms.under(home, runner, hints);
        this.manager = new PythonBootstrapManager(new Rooms(home, runner, hints, defaults::registry,
                () -> PythonProvisioner.withLocalMavenRepository(home, runner, localMavenRepository), defaults::venvs, defaults::packageRequirements,
                defaults::installers));
        this.runner = runner;
    }

    /**
     * Bakes the environment {@code options} describe into {@code output} (the application's
     * {@code python/} directory).
     *
     * @throws PythonBootstrapException naming the stage and input when the bootstrap fails, or
     *                                  when the options ask for an interpreter that cannot be baked
     */
    public Baked bake(BootstrapOptions options, Path output, Consumer<BootstrapProgress> progress) {
        long begin = System.nanoTime();
        String name = options.environmentName();
        if (options.interpreter().isPresent() || options.runtime() == RuntimeMode.SYSTEM) {
            String input = options.interpreter().map(Path::toString).orElse("system");
            String message = "Environment '" + name + "' cannot be baked at build time on " + (options.interpreter().isPresent()
                    ? "the interpreter '" + input + "'" : "a system interpreter") + ": only a managed, relocatable CPython can move with the application";
            PythonBootstrapException failure = new PythonBootstrapException(BootstrapStage.CHECKING_RUNTIME,
                    PythonBootstrapException.Reason.NO_INTERPRETER, input, message, null);
            throw new PythonBootstrapException(BootstrapStage.CHECKING_RUNTIME, PythonBootstrapException.Reason.NO_INTERPRETER, input,
                    manager.hints().explain(name, failure, message), null);
        }
        BootstrapOptions build = options.toBuilder()
                .runtime(RuntimeMode.EMBEDDED)
                .createVirtualEnvironment(true)
                .virtualEnvironmentPath(null)
                .workers(WorkerOptions.defaults())
                .setAsDefault(false)
                .build();
        // The build log shows the bake's progress at INFO; the caller hears every event.
        Consumer<BootstrapProgress> logged = new BakeProgressLog().andThen(progress);
        BootstrapResult outcome = manager.ensurePythonEnvironment(build, logged, Cancellation.none());
        // The build JVM exits soon: finish what the bootstrap left running (the seed cache's compilation, lock files).
        manager.awaitBackgroundWork(COMPILE_TIMEOUT);
        BootstrapResult.Ready result = outcome.ready();
        PythonRuntimeInfo runtime = result.runtime();
        Path sitePackages = result.sitePackages();
        if (!result.warm()) {
            compile(result.interpreter(), sitePackages);
        }
        try {
            Path embedded = HomeLayout.of(manager.home()).embedded().toAbsolutePath().normalize();
            Path executable = runtime.executable().toAbsolutePath().normalize();
            if (!executable.startsWith(embedded)) {
                throw new IllegalStateException("the interpreter " + executable + " is not a managed one under " + embedded);
            }
            Path interpreterDir = embedded.resolve(embedded.relativize(executable).getName(0));
            Path root = output.toAbsolutePath().normalize();
            Path bakedInterpreter = root.resolve("interpreters").resolve(interpreterDir.getFileName());
            long bytes = 0;
            if (!Files.exists(bakedInterpreter, LinkOption.NOFOLLOW_LINKS)) {
                bytes += FileTrees.linkTree(interpreterDir, bakedInterpreter);
            }
            Path bakedSitePackages = root.resolve(name).resolve("site-packages");
            FileTrees.delete(bakedSitePackages);
            bytes += FileTrees.linkTree(sitePackages, bakedSitePackages);
            PythonRuntimeInfo moved = rebase(runtime, interpreterDir, bakedInterpreter);
            new BakedEnvironment(name, BakedEnvironment.fingerprint(options), moved, bakedSitePackages, result.pythonVersion(),
                    result.installedPackages()).write(root);
            return new Baked(name, result.pythonVersion(), moved.executable(), result.installedPackages().size(), bytes,
                    result.warm(), Duration.ofNanos(System.nanoTime() - begin));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the baked environment '" + name + "' into " + output + ": " + e.getMessage(), e);
        }
    }

    /** pip compiles what it installs, uv does not: compile once here, so the first import in a pod is fast. */
    private void compile(Path python, Path sitePackages) {
        ProcessResult compiled = runner.run(ProcessSpec.of(python.toString(), "-m", "compileall", "-q", "-j", "0", sitePackages.toString())
                .withTimeout(COMPILE_TIMEOUT), Cancellation.none());
        if (!compiled.ok()) {
            throw new PythonBootstrapException(BootstrapStage.VERIFYING, sitePackages.toString(),
                    "Cannot byte-compile " + sitePackages + ": " + compiled.stderr().strip());
        }
    }

    private static PythonRuntimeInfo rebase(PythonRuntimeInfo info, Path from, Path to) {
        java.util.function.UnaryOperator<Path> move = p -> {
            Path absolute = p.toAbsolutePath().normalize();
            return absolute.startsWith(from) ? to.resolve(from.relativize(absolute)) : absolute;
        };
        return new PythonRuntimeInfo(info.id(), info.name(), info.type(), "baked", info.status(), move.apply(info.executable()), info.version(),
                info.implementation(), info.architecture(), move.apply(info.prefix()), move.apply(info.basePrefix()), info.externallyManaged(),
                info.pipVersion(), info.lastChecked(), info.error(), info.stdlib().map(move), info.freethreaded());
    }
}
