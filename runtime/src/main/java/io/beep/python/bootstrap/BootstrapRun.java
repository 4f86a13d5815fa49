package io.beep.python.bootstrap;

import io.beep.python.BootstrapStage;
import io.beep.python.InstallResult;
import io.beep.python.PythonBootstrapException;
import io.beep.python.fs.HomeDirectory;
import io.beep.python.fs.HomeLayout;
import io.beep.python.packages.PackageSources;
import io.beep.python.packages.Requirement;
import io.beep.python.packages.ResolvedRequirements;
import io.beep.python.process.Cancellation;
import io.beep.python.process.InterProcessLock;
import io.beep.python.provision.ProvisionedPython;
import io.beep.python.registry.InterpreterProbe;
import io.beep.python.registry.PythonRuntimeInfo;
import io.beep.python.registry.PythonRuntimeRegistry;
import io.beep.python.registry.PythonRuntimeStatus;
import io.beep.python.registry.PythonRuntimeType;
import io.beep.python.venv.VenvUsers;
import io.beep.python.venv.VirtualEnv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One bootstrap of one environment, stage by stage. Owns the run's state (what it created, so a
 * failure can remove it) and leaves progress reporting to {@link StageTracker}, the venv's place to
 * {@link VenvPlacement} and what a failure becomes to {@link BootstrapFailures}.
 */
final class BootstrapRun {

    private static final System.Logger LOG = System.getLogger(PythonBootstrapManager.class.getName());
    private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(60);
    /** The file in a run-time venv's site-packages that puts the baked site-packages on its path. */
    static final String BAKED_PTH = "_beep_python_baked.pth";

    private final Rooms rooms;
    private final BootstrapOptions options;
    private final StageTracker tracker;
    private final Cancellation cancellation;
    private final long deadline;
    private final List<String> warnings = new ArrayList<>();
    private final VenvPlacement venvs;
    private final BootstrapFailures failures;
    private Optional<String> bakedNotUsed = Optional.empty();

    BootstrapRun(Rooms rooms, BootstrapOptions options, StageTracker tracker, Cancellation cancellation) {
        this.rooms = rooms;
        this.options = options;
        this.tracker = tracker;
        this.cancellation = cancellation;
        this.deadline = System.nanoTime() + options.timeout().toNanos();
        this.venvs = new VenvPlacement(rooms, options, tracker, cancellation);
        this.failures = new BootstrapFailures(options, tracker, rooms.hints, cancellation, deadline);
    }

    BootstrapResult execute() {
        Path venvPath = null;
        try {
            tracker.begin(BootstrapStage.INITIALIZING, "Checking the requested environment");
            HomeDirectory.prepare(rooms.home).ifPresent(warnings::add);
            rooms.sweep.once(); // only a home that passed the check: a refused one is left as it was
            BakedChoice.Choice choice = BakedChoice.bakedEnvironment(options, tracker, warnings);
            bakedNotUsed = choice.notUsed();
            Optional<BakedEnvironment> baked = choice.baked();
            venvPath = VenvPlacement.venvPath(rooms, options, baked);
            if (baked.isEmpty() && (!options.createVirtualEnvironment() || !EnvironmentMarker.exists(venvPath))) {
                loadRegistryMeanwhile();
            }
            String inputs = InputsFingerprint.of(rooms.home, options, baked);
            // Two applications sharing a venv path build it one after the other; the second finds the first one's marker.
            // It waits for another process's whole bootstrap of this venv: bounded by this bootstrap's own time limit.
            try (InterProcessLock ignored = InterProcessLock.acquire(HomeLayout.of(rooms.home).lockFor(HomeLayout.LockKind.ENV, venvPath),
                    cancellation, options.timeout())) {
                // This environment's own earlier use (a restart, an auto-repair) must not count as another user's.
                rooms.uses.releaseIf(options.environmentName(), venvPath);
                BootstrapResult result = placed(baked, inputs, venvPath);
                if (options.createVirtualEnvironment() && result instanceof BootstrapResult.Ready) {
                    // Still under the venv's lock: a collector or a rebuild that takes it next sees this use.
                    rooms.uses.hold(options.environmentName(), venvPath, warnings);
                }
                return result;
            }
        } catch (RuntimeException | Error e) {
            // An Error too (a stack overflow in a stage): escaping, it left the environment at INITIALIZING for good.
            PythonBootstrapException failure = failures.asBootstrapFailure(e);
            if (venvs.created() && venvPath != null) {
                rooms.venvs().delete(venvPath);
            }
            // The failure of a run-time bootstrap that stands in for an unusable baked one says so: that is its cause.
            tracker.fail(failure.getMessage() + bakedNotUsed.map(why -> " (" + why + ")").orElse(""));
            return new BootstrapResult.Failed(options.environmentName(), Optional.empty(), failure, tracker.durations(), warnings);
        }
    }

    private BootstrapResult placed(Optional<BakedEnvironment> baked, String inputs, Path venvPath) {
        if (options.createVirtualEnvironment()) {
            Optional<EnvironmentMarker> marker = EnvironmentMarker.read(venvPath);
            if (marker.isPresent() && marker.get().isConsistent(inputs)) {
                return warm(marker.get(), venvPath);
            }
            if (marker.isPresent() && options.virtualEnvironmentPath().isPresent() && !marker.get().inputs().equals(inputs)
                    && VenvUsers.inUse(venvPath)) {
                throw explicitPathInUse(marker.get(), venvPath);
            }
        }
        if (baked.isPresent()) {
            return fromBaked(baked.get(), inputs, venvPath);
        }
        tracker.note("Validating the requested packages");
        return cold(requirements(), inputs, venvPath);
    }

    /** The user named this venv; another live application made it for other inputs: reinstalling would change it under that one. */
    private PythonBootstrapException explicitPathInUse(EnvironmentMarker marker, Path venvPath) {
        return rooms.hints.failure(options.environmentName(), BootstrapStage.CREATING_VIRTUAL_ENV,
                PythonBootstrapException.Reason.VENV_PATH_OCCUPIED, venvPath.toString(), "The virtual environment at '" + venvPath
                        + "' is in use by " + VenvUsers.describeUsers(venvPath) + ", which made it for other inputs (" + marker.summary()
                        + "); this environment asks for " + InputsSummary.of(options) + ". It is left as it is: give each application"
                        + " its own venv path, or none (each set of inputs then gets its own venv under the home)");
    }

    /**
     * Without a marker this start is cold for certain and will need the registry: its file is read on another thread
     * while this one fingerprints, locks and checks. In a fresh JVM that read is mostly the JSON parser's first use
     * (class loading), which the second core takes off the path. A failure is reported by CHECKING_RUNTIME,
     * which reads the file again.
     */
    private void loadRegistryMeanwhile() {
        Thread loader = new Thread(() -> {
            try {
                rooms.registry().load();
            } catch (RuntimeException e) {
                // Reported where the registry is needed.
            }
        }, "beep-python-registry-load");
        loader.setDaemon(true);
        loader.start();
    }

    private BootstrapResult warm(EnvironmentMarker marker, Path venvPath) {
        warnIfOtherVersion(marker.pythonVersion());
        tracker.complete("Ready (unchanged since the last start)");
        return new BootstrapResult.Ready(options.environmentName(), marker.runtime(), Path.of(marker.python()),
                venvPath, Path.of(marker.sitePackages()), marker.pythonVersion(), marker.packages(), Map.of(),
                true, tracker.durations(), warnings);
    }

    /**
     * The baked path: the interpreter and packages came with the application, so no network and no
     * process: a bare venv written natively under the home, whose {@code .pth} file puts the baked
     * site-packages on its path. Venvs are not relocatable, the baked files are, so only the venv
     * (a few files) is made here, once per application directory.
     */
    private BootstrapResult fromBaked(BakedEnvironment baked, String inputs, Path venvPath) {
        PythonRuntimeInfo runtime = baked.runtime();
        tracker.begin(BootstrapStage.CHECKING_RUNTIME, "Using Python " + baked.pythonVersion() + " baked into the application at "
                + runtime.executable());
        if (!Files.isExecutable(runtime.executable()) || !Files.isDirectory(baked.sitePackages())) {
            throw new PythonBootstrapException(BootstrapStage.CHECKING_RUNTIME, runtime.executable().toString(), "The baked environment '"
                    + options.environmentName() + "' is incomplete: '" + runtime.executable() + "' or '" + baked.sitePackages()
                    + "' is missing; copy the whole application directory, including its python/ directory");
        }
        // Only here, on the start that makes the venv: the warm path that follows trusts the marker written below.
        baked.checkVersion(options.bakedRoot().orElseThrow());
        tracker.begin(BootstrapStage.CREATING_VIRTUAL_ENV, "Preparing the virtual environment at " + venvPath + " on the baked packages");
        VirtualEnv venv = venvs.virtualEnvironment(runtime, venvPath, true);
        if (venvs.sharedInUse()) {
            // The same baked copy (the venv's path is its digest), started by another application now: its .pth is ours already.
            tracker.complete("Ready: Python " + baked.pythonVersion() + " (baked at build time, venv shared as it is)");
            return new BootstrapResult.Ready(options.environmentName(), runtime, venv.python(), venv.root(), venv.sitePackages(),
                    baked.pythonVersion(), new TreeMap<>(baked.packages()), Map.of(), false, tracker.durations(), warnings);
        }
        EnvironmentMarker.delete(venvPath);
        try {
            Files.writeString(venv.sitePackages().resolve(BAKED_PTH), baked.sitePackages() + System.lineSeparator());
        } catch (IOException e) {
            throw new PythonBootstrapException(BootstrapStage.CREATING_VIRTUAL_ENV, venvPath.toString(),
                    "Cannot write " + venv.sitePackages().resolve(BAKED_PTH) + ": " + e.getMessage(), e);
        }
        tracker.begin(BootstrapStage.VERIFYING, "Checking the baked environment");
        Map<String, String> packages = new TreeMap<>(baked.packages());
        packages.putAll(rooms.installers().installed(venv.sitePackages()));
        writeMarker(new EnvironmentMarker(EnvironmentMarker.SCHEMA_VERSION, inputs, runtime, EnvironmentMarker.stat(runtime.executable()),
                venv.python().toString(), baked.pythonVersion(), venv.sitePackages().toString(), EnvironmentMarker.stat(venv.sitePackages()),
                packages, InputsSummary.of(options)), venvPath);
        tracker.complete("Ready: Python " + baked.pythonVersion() + ", " + packages.size() + " packages (baked at build time)");
        return new BootstrapResult.Ready(options.environmentName(), runtime, venv.python(), venv.root(), venv.sitePackages(),
                baked.pythonVersion(), packages, Map.of(), false, tracker.durations(), warnings);
    }

    /** The interpreter, site-packages and location an environment installs into and reports. */
    private record Target(Path python, Path sitePackages, Path location) {
    }

    /** The cold path, read top-down as the stages; each stage calls one room's door. */
    private BootstrapResult cold(ResolvedRequirements requirements, String inputs, Path venvPath) {
        // Rooms every cold run uses, made now: in a fresh JVM their classes load while the registry still loads on the
        // other thread, instead of later, on the path.
        rooms.venvs();
        rooms.installers();
        initializeRegistry();
        loadProfiles(requirements);
        PythonRuntimeInfo runtime = checkRuntime().orElseGet(this::provisionAndRegister);
        if (options.setAsDefault()) {
            rooms.registry().setDefaultRuntime(runtime.id());
        }
        Target target = options.createVirtualEnvironment() ? createVirtualEnv(runtime, venvPath) : useBaseInterpreter(runtime, requirements);
        checkCancelled();
        // A venv another running application uses is never installed into: with the same inputs it holds what they ask for.
        Map<String, String> newlyInstalled = venvs.sharedInUse() ? Map.of() : installPackages(target, requirements);
        return verify(runtime, target, inputs, venvPath, newlyInstalled);
    }

    /** INITIALIZING_REGISTRY: discovery, unless the interpreter is explicit or always a managed one. */
    private void initializeRegistry() {
        tracker.begin(BootstrapStage.INITIALIZING_REGISTRY, "Loading the interpreter registry");
        if (options.interpreter().isEmpty() && options.runtime() != RuntimeMode.EMBEDDED) {
            rooms.registry().initialize(cancellation);
        }
        checkCancelled();
    }

    /** LOADING_PROFILES: the requirements were resolved and validated before the lock's marker check; say what they are. */
    private void loadProfiles(ResolvedRequirements requirements) {
        tracker.begin(BootstrapStage.LOADING_PROFILES, requirements.requirements().size() + " requirements from "
                + (effectiveProfiles().isEmpty() ? "no profile" : "profiles " + String.join(", ", effectiveProfiles())));
    }

    /** CHECKING_RUNTIME: the explicit interpreter, or one of the registry's by runtime mode and version. */
    private Optional<PythonRuntimeInfo> checkRuntime() {
        tracker.begin(BootstrapStage.CHECKING_RUNTIME, "Looking for Python " + options.pythonVersion());
        Optional<PythonRuntimeInfo> found = RuntimeChoice.chooseInterpreter(rooms, options);
        checkCancelled();
        found.ifPresent(runtime -> tracker.note("Using Python " + runtime.version() + " at " + runtime.executable()));
        found.ifPresent(runtime -> warnIfOtherVersion(runtime.version()));
        return found;
    }

    /** An explicit interpreter wins over the requested version, but another version is often a slip: said in log and result. */
    private void warnIfOtherVersion(String version) {
        if (options.interpreter().isEmpty() || PythonRuntimeRegistry.satisfies(version, options.pythonVersion())) {
            return;
        }
        String warning = "The interpreter " + options.interpreter().get() + " is Python " + version + ", not the requested "
                + options.pythonVersion() + (options.pythonVersion().equals(BootstrapOptions.DEFAULT_PYTHON_VERSION)
                        ? " (the default when no version is set)" : "")
                + "; it is used because it was named explicitly. Request its version, or name a " + options.pythonVersion()
                + " interpreter, to silence this.";
        warnings.add(warning);
        LOG.log(System.Logger.Level.WARNING, "Python environment '" + options.environmentName() + "': " + warning);
    }

    /** PROVISIONING_PYTHON, then REGISTERING_RUNTIME: a managed interpreter under the home, known to the registry. */
    private PythonRuntimeInfo provisionAndRegister() {
        tracker.begin(BootstrapStage.PROVISIONING_PYTHON, "Provisioning Python " + options.pythonVersion() + " from "
                + options.distribution().source().configName());
        ProvisionedPython provisioned = rooms.provisioner().provision(options.distribution(), tracker::bytes, cancellation);
        checkCancelled();
        tracker.begin(BootstrapStage.REGISTERING_RUNTIME, "Registering Python " + provisioned.version());
        return rooms.registry().registerManagedRuntime("CPython " + provisioned.version() + " (managed)", PythonRuntimeType.EMBEDDED,
                provisioned.executable(), provisioned.description());
    }

    /** CREATING_VIRTUAL_ENV: reuse the venv made from this interpreter, or make it anew. */
    private Target createVirtualEnv(PythonRuntimeInfo runtime, Path venvPath) {
        tracker.begin(BootstrapStage.CREATING_VIRTUAL_ENV, "Preparing the virtual environment at " + venvPath);
        VirtualEnv venv = venvs.virtualEnvironment(runtime, venvPath, false);
        if (!venvs.sharedInUse()) {
            EnvironmentMarker.delete(venvPath);
            if (!options.seedRequirements().isEmpty()) { // seed-packages: the packaging tools, from wheels the home keeps
                tracker.note("Installing the seed packages " + String.join(", ", options.seedRequirements()));
                rooms.installers().seed(venv.python(), venv.sitePackages(), options.seedRequirements().stream().map(Requirement::parse)
                        .toList(), options.sources(), remaining(), cancellation);
            }
        }
        return new Target(venv.python(), venv.sitePackages(), venv.root());
    }

    /** With venv.enabled=false packages go into the interpreter itself, which PEP 668 may forbid. */
    private Target useBaseInterpreter(PythonRuntimeInfo runtime, ResolvedRequirements requirements) {
        if (runtime.externallyManaged() && (!requirements.requirements().isEmpty() || options.requirementsFile().isPresent()
                || options.project().isPresent())) {
            throw rooms.hints.failure(options.environmentName(), BootstrapStage.CREATING_VIRTUAL_ENV,
                    PythonBootstrapException.Reason.EXTERNALLY_MANAGED, runtime.executable().toString(),
                    "Python at '" + runtime.executable() + "' is externally managed (PEP 668): packages cannot be installed into it"
                            + " without a virtual environment");
        }
        return new Target(runtime.executable(), rooms.venvs().sitePackages(runtime), runtime.prefix());
    }

    /** INSTALLING_PACKAGES: the project, the requirements file (a lock, as written), then everything else, a run each. */
    private Map<String, String> installPackages(Target target, ResolvedRequirements requirements) {
        tracker.begin(BootstrapStage.INSTALLING_PACKAGES, options.project().map(p -> "Installing the project at " + p.directory()
                + (requirements.requirements().isEmpty() ? "" : " and " + requirements.requirements().size() + " requirements"))
                .orElse(requirements.requirements().isEmpty() ? "No packages requested"
                        : "Installing " + requirements.requirements().size() + " requirements"));
        // What pip or uv says while it runs moves the percent within the stage (packages done of total, bytes).
        return rooms.installers().reportingTo(tracker::installing, () -> installReporting(target, requirements));
    }

    private Map<String, String> installReporting(Target target, ResolvedRequirements requirements) {
        PackageSources sources = requirements.applyTo(options.sources());
        Map<String, String> newlyInstalled = new TreeMap<>();
        if (options.project().isPresent()) {
            InstallResult fromProject = rooms.installers().installProject(target.python(), target.sitePackages(), options.project().get(),
                    options.installer(), sources, remaining(), cancellation);
            warnings.addAll(fromProject.warnings());
            newlyInstalled.putAll(fromProject.installed());
            checkCancelled();
        }
        if (options.requirementsFile().isPresent()) {
            InstallResult fromFile = rooms.installers().installFile(target.python(), target.sitePackages(), options.requirementsFile().get(),
                    options.installer(), sources, remaining(), cancellation);
            warnings.addAll(fromFile.warnings());
            newlyInstalled.putAll(fromFile.installed());
        }
        InstallResult install = rooms.installers().install(target.python(), target.sitePackages(), requirements.requirements(),
                options.installer(), sources, remaining(), cancellation);
        warnings.addAll(install.warnings());
        newlyInstalled.putAll(install.installed());
        checkCancelled();
        return newlyInstalled;
    }

    /** VERIFYING, then COMPLETE: the environment's python starts; the marker lets the next start skip all of this. */
    private BootstrapResult verify(PythonRuntimeInfo runtime, Target target, String inputs, Path venvPath, Map<String, String> newlyInstalled) {
        tracker.begin(BootstrapStage.VERIFYING, "Verifying the environment");
        String version = startedByNothing(runtime, newlyInstalled) ? runtime.version() : versionOf(target.python());
        Map<String, String> packages = rooms.installers().installed(target.sitePackages());
        if (options.createVirtualEnvironment() && !venvs.sharedInUse()) {
            writeMarker(new EnvironmentMarker(EnvironmentMarker.SCHEMA_VERSION, inputs, runtime, EnvironmentMarker.stat(runtime.executable()),
                    target.python().toString(), version, target.sitePackages().toString(), EnvironmentMarker.stat(target.sitePackages()),
                    packages, InputsSummary.of(options)), venvPath);
        }
        tracker.complete("Ready: Python " + version + ", " + packages.size() + " packages");
        return new BootstrapResult.Ready(options.environmentName(), runtime, target.python(), target.location(), target.sitePackages(),
                version, packages, newlyInstalled, false, tracker.durations(), warnings);
    }

    /**
     * Whether the environment's python needs no start of its own to be trusted: a venv this run just made
     * (linking the interpreter) from a registered interpreter whose fingerprint the registry checked, with
     * nothing installed into it, starts exactly as that interpreter does. This keeps a new environment on a
     * known interpreter free of processes; any install, a reused venv or no venv still runs the check.
     */
    private boolean startedByNothing(PythonRuntimeInfo runtime, Map<String, String> newlyInstalled) {
        return venvs.created() && newlyInstalled.isEmpty() && options.requirementsFile().isEmpty() && options.project().isEmpty()
                && runtime.status() == PythonRuntimeStatus.READY && runtime.version() != null;
    }

    private String versionOf(Path python) {
        try {
            return new InterpreterProbe(rooms.home, rooms.runner, VERIFY_TIMEOUT).describe(python, cancellation).version();
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
        return rooms.packageRequirements().resolve(effectiveProfiles(), options.packages(), options.accelerator());
    }

    private List<String> effectiveProfiles() {
        return options.effectiveProfiles();
    }

    private Duration remaining() {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw failures.timedOut();
        }
        return Duration.ofNanos(left);
    }

    private void checkCancelled() {
        if (System.nanoTime() > deadline) {
            throw failures.timedOut();
        }
        cancellation.throwIfCancelled();
    }
}
