package io.beep.python.bootstrap;

import io.beep.python.BootstrapStage;
import io.beep.python.InstallResult;
import io.beep.python.PythonBootstrapException;
import io.beep.python.PythonException;
import io.beep.python.PythonProcessException;
import io.beep.python.Secrets;
import io.beep.python.fs.Digests;
import io.beep.python.packages.PackageSources;
import io.beep.python.packages.ResolvedRequirements;
import io.beep.python.process.CancelledException;
import io.beep.python.process.Cancellation;
import io.beep.python.process.Durations;
import io.beep.python.process.InterProcessLock;
import io.beep.python.provision.ProvisionedPython;
import io.beep.python.registry.InterpreterProbe;
import io.beep.python.registry.PythonRuntimeInfo;
import io.beep.python.registry.PythonRuntimeType;
import io.beep.python.venv.VirtualEnv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One bootstrap of one environment, stage by stage. Owns the run's state (what it created, so a
 * failure can remove it) and leaves progress reporting to {@link StageTracker}.
 */
final class BootstrapRun {

    private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(60);
    /** Where the profiles live in the home (DESIGN home layout); its stat is part of the warm-start fingerprint. */
    private static final String PROFILES_FILE = "package-requirements.json";

    private final PythonBootstrapManager manager;
    private final BootstrapOptions options;
    private final StageTracker tracker;
    private final Cancellation cancellation;
    private final long deadline;
    private final List<String> warnings = new ArrayList<>();
    private boolean createdVenv;

    BootstrapRun(PythonBootstrapManager manager, BootstrapOptions options, StageTracker tracker, Cancellation cancellation) {
        this.manager = manager;
        this.options = options;
        this.tracker = tracker;
        this.cancellation = cancellation;
        this.deadline = System.nanoTime() + options.timeout().toNanos();
    }

    BootstrapResult execute() {
        Path venvPath = venvPath();
        try {
            tracker.begin(BootstrapStage.INITIALIZING, "Checking the requested environment");
            String inputs = inputsFingerprint();
            // Two applications sharing a venv path build it one after the other; the second finds the first one's marker.
            // It waits for another process's whole bootstrap of this venv: bounded by this bootstrap's own time limit.
            try (InterProcessLock ignored = InterProcessLock.inHome(manager.home(), "env-" + digest(venvPath.toString()), cancellation,
                    options.timeout())) {
                if (options.createVirtualEnvironment()) {
                    Optional<EnvironmentMarker> marker = EnvironmentMarker.read(venvPath);
                    if (marker.isPresent() && marker.get().isConsistent(inputs)) {
                        return warm(marker.get());
                    }
                }
                tracker.note("Validating the requested packages");
                return cold(requirements(), inputs, venvPath);
            }
        } catch (RuntimeException e) {
            PythonBootstrapException failure = asBootstrapFailure(e);
            if (createdVenv) {
                manager.venvs().delete(venvPath);
            }
            tracker.fail(failure.getMessage());
            return new BootstrapResult(options.environmentName(), false, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Map.of(), Map.of(), false, tracker.durations(), warnings, Optional.of(failure));
        }
    }

    private BootstrapResult warm(EnvironmentMarker marker) {
        tracker.complete("Ready (unchanged since the last start)");
        return new BootstrapResult(options.environmentName(), true, Optional.of(marker.runtime()), Optional.of(Path.of(marker.python())),
                Optional.of(venvPath()), Optional.of(Path.of(marker.sitePackages())), Optional.of(marker.pythonVersion()), marker.packages(), Map.of(), true,
                tracker.durations(), warnings, Optional.empty());
    }

    private BootstrapResult cold(ResolvedRequirements requirements, String inputs, Path venvPath) {
        tracker.begin(BootstrapStage.INITIALIZING_REGISTRY, "Loading the interpreter registry");
        if (options.interpreter().isEmpty() && options.runtime() != RuntimeMode.EMBEDDED) {
            manager.registry().initialize(cancellation);
        }
        checkCancelled();

        tracker.begin(BootstrapStage.LOADING_PROFILES, requirements.requirements().size() + " requirements from "
                + (effectiveProfiles().isEmpty() ? "no profile" : "profiles " + String.join(", ", effectiveProfiles())));

        tracker.begin(BootstrapStage.CHECKING_RUNTIME, "Looking for Python " + options.pythonVersion());
        Optional<PythonRuntimeInfo> found = chooseInterpreter();
        checkCancelled();

        PythonRuntimeInfo runtime;
        if (found.isPresent()) {
            runtime = found.get();
            tracker.note("Using Python " + runtime.version() + " at " + runtime.executable());
        } else {
            tracker.begin(BootstrapStage.PROVISIONING_PYTHON, "Provisioning Python " + options.pythonVersion() + " from "
                    + options.distribution().source().configName());
            ProvisionedPython provisioned = manager.provisioner().provision(options.distribution(), tracker::bytes, cancellation);
            checkCancelled();
            tracker.begin(BootstrapStage.REGISTERING_RUNTIME, "Registering Python " + provisioned.version());
            runtime = manager.registry().registerManagedRuntime("CPython " + provisioned.version() + " (managed)",
                    PythonRuntimeType.EMBEDDED, provisioned.executable());
        }
        if (options.setAsDefault()) {
            manager.registry().setDefaultRuntime(runtime.id());
        }

        Path python = runtime.executable();
        Path sitePackages;
        Path location = runtime.prefix();
        if (options.createVirtualEnvironment()) {
            tracker.begin(BootstrapStage.CREATING_VIRTUAL_ENV, "Preparing the virtual environment at " + venvPath);
            VirtualEnv venv = virtualEnvironment(runtime, venvPath);
            python = venv.python();
            sitePackages = venv.sitePackages();
            location = venv.root();
            EnvironmentMarker.delete(venvPath);
        } else {
            if (runtime.externallyManaged() && (!requirements.requirements().isEmpty() || options.requirementsFile().isPresent())) {
                throw manager.hints().failure(options.environmentName(), BootstrapStage.CREATING_VIRTUAL_ENV,
                        PythonBootstrapException.Reason.EXTERNALLY_MANAGED, runtime.executable().toString(),
                        "Python at '" + runtime.executable() + "' is externally managed (PEP 668): packages cannot be installed into it"
                                + " without a virtual environment");
            }
            sitePackages = manager.venvs().sitePackages(runtime);
        }
        checkCancelled();

        tracker.begin(BootstrapStage.INSTALLING_PACKAGES, requirements.requirements().isEmpty() ? "No packages requested"
                : "Installing " + requirements.requirements().size() + " requirements");
        PackageSources sources = requirements.applyTo(options.sources());
        Map<String, String> newlyInstalled = new TreeMap<>();
        if (options.requirementsFile().isPresent()) {
            // A lock file must be installed as written (exact pins, hashes): it gets its own installer run.
            InstallResult fromFile = manager.installers().installFile(python, sitePackages, options.requirementsFile().get(),
                    options.installer(), sources, remaining(), cancellation);
            warnings.addAll(fromFile.warnings());
            newlyInstalled.putAll(fromFile.installed());
        }
        InstallResult install = manager.installers().install(python, sitePackages, requirements.requirements(), options.installer(),
                sources, remaining(), cancellation);
        warnings.addAll(install.warnings());
        newlyInstalled.putAll(install.installed());
        checkCancelled();

        tracker.begin(BootstrapStage.VERIFYING, "Verifying the environment");
        String version = verify(python);
        Map<String, String> packages = manager.installers().installed(sitePackages);
        if (options.createVirtualEnvironment()) {
            writeMarker(new EnvironmentMarker(EnvironmentMarker.SCHEMA_VERSION, inputs, runtime, EnvironmentMarker.stat(runtime.executable()),
                    python.toString(), version, sitePackages.toString(), EnvironmentMarker.stat(sitePackages), packages), venvPath);
        }
        tracker.complete("Ready: Python " + version + ", " + packages.size() + " packages");
        return new BootstrapResult(options.environmentName(), true, Optional.of(runtime), Optional.of(python), Optional.of(location),
                Optional.of(sitePackages), Optional.of(version), packages, newlyInstalled, false, tracker.durations(), warnings, Optional.empty());
    }

    private Optional<PythonRuntimeInfo> chooseInterpreter() {
        if (options.interpreter().isPresent()) {
            return Optional.of(manager.registry().interrogate(options.interpreter().get()));
        }
        return switch (options.runtime()) {
            case EMBEDDED -> Optional.empty();
            case AUTO -> manager.registry().find(options.pythonVersion());
            case SYSTEM -> Optional.of(manager.registry().find(options.pythonVersion()).orElseThrow(() -> manager.hints().failure(
                    options.environmentName(), BootstrapStage.CHECKING_RUNTIME, PythonBootstrapException.Reason.NO_INTERPRETER,
                    options.pythonVersion(), manager.registry().explainMiss(options.pythonVersion())
                            + " (runtime=system never provisions; runtime=auto would)")));
        };
    }

    private VirtualEnv virtualEnvironment(PythonRuntimeInfo runtime, Path venvPath) {
        Optional<VirtualEnv> existing = manager.venvs().open(venvPath);
        if (existing.isPresent()) {
            if (manager.venvs().isFrom(existing.get(), runtime)) {
                tracker.note("Reusing the virtual environment at " + venvPath);
                return existing.get();
            }
            tracker.note("Re-creating " + venvPath + ": it was made from another interpreter");
            manager.venvs().delete(venvPath);
        } else if (Files.exists(venvPath, LinkOption.NOFOLLOW_LINKS)) {
            if (!isEmptyDirectory(venvPath)) {
                throw manager.hints().failure(options.environmentName(), BootstrapStage.CREATING_VIRTUAL_ENV,
                        PythonBootstrapException.Reason.VENV_PATH_OCCUPIED, venvPath.toString(),
                        "'" + venvPath + "' exists and is not a virtual environment; remove it");
            }
            manager.venvs().delete(venvPath);
        }
        createdVenv = true;
        return manager.venvs().create(runtime, venvPath, cancellation);
    }

    private String verify(Path python) {
        try {
            return new InterpreterProbe(manager.home(), manager.runner(), VERIFY_TIMEOUT).describe(python, cancellation).version();
        } catch (InterpreterProbe.Failure e) {
            throw new PythonBootstrapException(BootstrapStage.VERIFYING, python.toString(),
                    "Python at '" + python + "' does not work: " + e.getMessage(), e);
        }
    }

    private void writeMarker(EnvironmentMarker marker, Path venvPath) {
        try {
            marker.write(venvPath);
        } catch (IOException e) {
            warnings.add("Cannot write the warm-start marker in " + venvPath + ": " + e.getMessage());
        }
    }

    private ResolvedRequirements requirements() {
        return manager.profiles().resolve(effectiveProfiles(), options.packages(), options.accelerator());
    }

    private List<String> effectiveProfiles() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        options.template().ifPresent(t -> names.addAll(EnvironmentTemplates.profilesOf(t)));
        names.addAll(options.profiles());
        return List.copyOf(names);
    }

    /**
     * Everything that decides what the environment holds, from the options and file stats alone:
     * the warm start must not parse requirements or load the profiles (that is the cold path's
     * work). An edited profiles file or requirements file changes its stat and so the fingerprint.
     * Hashed, so that index credentials are never stored.
     */
    private String inputsFingerprint() {
        String text = String.join("\n", List.of(options.pythonVersion(), options.runtime().name(),
                options.interpreter().map(Path::toString).orElse(""), options.distribution().source().name(),
                options.distribution().url().map(Object::toString).orElse(""), options.distribution().sha256().orElse(""),
                String.join(",", effectiveProfiles()), String.join("\u0000", options.packages()), options.installer().name(),
                options.sources().toString(), options.accelerator().name(), options.requirementsFile().map(f -> f + "@" + EnvironmentMarker.stat(f)).orElse(""),
                effectiveProfiles().isEmpty() ? "" : EnvironmentMarker.stat(manager.home().resolve(PROFILES_FILE))));
        return digest(text);
    }

    /** A short SHA-256 prefix: names lock files and fingerprints inputs without storing them (index URLs may carry secrets). */
    static String digest(String text) {
        return Digests.sha256Hex(text).substring(0, 16);
    }

    private Path venvPath() {
        return options.virtualEnvironmentPath().orElse(manager.home().resolve("venvs").resolve(options.environmentName()))
                .toAbsolutePath().normalize();
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private Duration remaining() {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw timedOut();
        }
        return Duration.ofNanos(left);
    }

    private void checkCancelled() {
        if (System.nanoTime() > deadline) {
            throw timedOut();
        }
        cancellation.throwIfCancelled();
    }

    private PythonBootstrapException timedOut() {
        return timedOut(null, "");
    }

    /** {@code stopped}: what the time limit's cancellation interrupted (a wait, a process), kept as the cause. */
    private PythonBootstrapException timedOut(RuntimeException stopped, String during) {
        String message = "Bootstrap of '" + options.environmentName() + "' did not finish within " + Durations.human(options.timeout())
                + "; it stopped during " + tracker.stage() + during;
        return withHint(new PythonBootstrapException(tracker.stage(), PythonBootstrapException.Reason.TIMED_OUT,
                options.timeout().toString(), message, stopped));
    }

    /**
     * The rooms' errors carry no stage and name no configuration key: this is where each one gets
     * the stage the bootstrap was in, keeping its message and input, and the hint of the layer that
     * owns the configuration.
     */
    private PythonBootstrapException asBootstrapFailure(RuntimeException e) {
        BootstrapStage stage = tracker.stage();
        boolean timeLimitPassed = cancellation.isCancelled() && System.nanoTime() > deadline;
        if (e instanceof CancelledException cancelled) {
            if (timeLimitPassed) {
                return timedOut(cancelled, cancelled.during().map(d -> " while " + d).orElse(""));
            }
            return new PythonBootstrapException(stage, null, "Cancelled during " + stage
                    + cancelled.during().map(d -> " while " + d).orElse("") + ": " + cancelled.reason(), cancelled);
        }
        if (e instanceof PythonProcessException process && timeLimitPassed) {
            // The time limit killed it: that is the news, not the kill.
            return timedOut(process, process.input().map(program -> " while running " + program).orElse(""));
        }
        if (e instanceof PythonBootstrapException failure) {
            return failure;
        }
        if (e instanceof PythonException room) {
            return withHint(new PythonBootstrapException(stage, PythonBootstrapException.Reason.ROOM_FAILED, room.input().orElse(null),
                    room.getMessage(), room));
        }
        return new PythonBootstrapException(stage, null, "Unexpected failure during " + stage + ": "
                + Secrets.mask(String.valueOf(e.getMessage())), e);
    }

    private PythonBootstrapException withHint(PythonBootstrapException failure) {
        String message = manager.hints().explain(options.environmentName(), failure, failure.getMessage());
        return new PythonBootstrapException(failure.stage(), failure.reason(), failure.input().orElse(null), message, failure.getCause());
    }
}
