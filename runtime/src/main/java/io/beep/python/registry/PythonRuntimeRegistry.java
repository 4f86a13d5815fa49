package io.beep.python.registry;

import io.beep.python.process.Cancellation;
import io.beep.python.process.CancelledException;
import io.beep.python.process.ProcessRunner;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The interpreters on this machine: discovery, interrogation and persistence in
 * {@code ${home}/runtimes.json}. The bootstrap asks it for an interpreter matching a version
 * request; applications may inject it to list or pin interpreters.
 * <p>
 * A warm {@link #initialize()} lists the known places (stat calls only), finds every interpreter's
 * real path, size and modification time unchanged in {@code runtimes.json} and runs no process.
 * Only new or changed interpreters are probed, in parallel. {@link #refresh()} probes them all again.
 * The selection rules of {@link #find(String)} are those of {@link RuntimeSelection}.
 * <p>
 * Thread-safe. Writers (initialize, refresh, register, interrogate, pin) run one at a time; reads
 * (list, find, explain) answer from the last complete snapshot and never wait behind a running probe.
 */
public final class PythonRuntimeRegistry {

    /** How long one interpreter may take to describe itself before it is marked ERROR. */
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(10);

    private final RuntimeStore store;
    private final InterpreterDiscovery discovery;
    private final Interrogator interrogator;
    private final Reconciler reconciler;
    private final Clock clock = Clock.systemUTC();

    /**
     * What the registry knows, replaced whole (never changed in place) by the writers: reads answer from
     * it without waiting, even while a refresh or a probe runs.
     */
    private volatile RuntimeStore.Snapshot snapshot;
    private volatile boolean initialized;
    /**
     * The registry's own status. A finished discovery ends NOT_INITIALIZED and an earlier discovery's ERROR, never an
     * update's UPDATING or ERROR: those are the update's to end.
     */
    private volatile RegistryStatus status = RegistryStatus.NOT_INITIALIZED;
    /** Serializes the writers (discovery, probes, persistence); readers never take it once initialized. */
    private final Object writes = new Object();

    public PythonRuntimeRegistry(Path home, ProcessRunner runner) {
        this(home, runner, DiscoveryRoots.fromEnvironment(), DEFAULT_PROBE_TIMEOUT);
    }

    /**
     * @param roots        where discovery looks (tests point it at temp layouts)
     * @param probeTimeout how long one interpreter may take to describe itself
     */
    public PythonRuntimeRegistry(Path home, ProcessRunner runner, DiscoveryRoots roots, Duration probeTimeout) {
        this.store = new RuntimeStore(home);
        DiscoveryRoots.WindowsQueries queries = roots.windowsQueries();
        this.discovery = new InterpreterDiscovery(home, roots,
                () -> queries != null ? queries : WindowsInterpreters.real(runner));
        int parallelism = Math.min(8, Math.max(2, Runtime.getRuntime().availableProcessors() * 2));
        this.interrogator = new Interrogator(new InterpreterProbe(home, runner, probeTimeout),
                parallelism);
        this.reconciler = new Reconciler(store, interrogator, clock);
    }

    /**
     * Loads {@code runtimes.json} and brings it up to date with what discovery finds; a no-op when
     * already initialized. Probes only interpreters whose fingerprint changed or that are new.
     *
     * @throws RegistryException ({@code NEWER_SCHEMA}) when {@code runtimes.json} comes from a newer
     *                                  schema (it is left untouched), or cannot be read or written
     */
    public void initialize() {
        initialize(Cancellation.none());
    }

    /** {@link #initialize()}, stopped (running probes killed, nothing written) when {@code cancellation} fires. */
    public void initialize(Cancellation cancellation) {
        if (initialized) {
            return;
        }
        synchronized (writes) {
            if (!initialized) {
                try {
                    RuntimeStore.Snapshot loaded = store.load();
                    // The Windows registry and py launcher cost a process each: asked on a cold start and on refresh only.
                    snapshot = reconciler.reconcile(loaded, discovery.discover(loaded.entries().isEmpty()), false, cancellation);
                } catch (RuntimeException e) {
                    failed(e);
                    throw e;
                }
                initialized = true;
                discovered();
            }
        }
    }

    /**
     * Reads {@code runtimes.json} unless it was read already: no discovery, no process. For a caller that will ask
     * for an interpreter soon and has other work to do meanwhile; a failure is left for that later call to report.
     */
    public void load() {
        synchronized (writes) {
            ensureLoaded();
        }
    }

    /** Loads the classes reading and writing {@code runtimes.json} needs, without reading it (a new JVM's first use is slow). */
    public static void warmUpJson() {
        RuntimesJson.warmUp();
    }

    /** Discovers and probes every interpreter again, ignoring cached results. */
    public void refresh() {
        refresh(Cancellation.none());
    }

    /** {@link #refresh()}, stopped (running probes killed, nothing written) when {@code cancellation} fires. */
    public void refresh(Cancellation cancellation) {
        synchronized (writes) {
            try {
                snapshot = reconciler.reconcile(store.load(), discovery.discover(true), true, cancellation);
            } catch (RuntimeException e) {
                failed(e);
                throw e;
            }
            initialized = true;
            discovered();
        }
    }

    /**
     * The registry's own status: NOT_INITIALIZED before the first discovery, UPDATING while a managed interpreter is
     * updated, ERROR with the reason when discovery or the last update failed, else READY. Never waits.
     */
    public RegistryStatus status() {
        return status;
    }

    /**
     * Marks an update of the managed interpreter {@code runtimeId} as running ({@code what} says to which version);
     * {@link #list()} shows that interpreter UPDATING meanwhile, while selection keeps using it.
     */
    public void updateStarted(String runtimeId, String what) {
        status = new RegistryStatus(PythonRuntimeStatus.UPDATING, Optional.of(what), Optional.ofNullable(runtimeId));
    }

    /** Ends the update started with {@link #updateStarted}: READY, or ERROR with {@code failure} (the old interpreter is kept). */
    public void updateFinished(String runtimeId, Optional<String> failure) {
        status = failure.map(reason -> RegistryStatus.error(reason, runtimeId)).orElse(RegistryStatus.READY);
    }

    /** A discovery that failed; one stopped on purpose (the application stopping) is no error of the registry. */
    private void failed(RuntimeException e) {
        if (!(e instanceof CancelledException)) {
            status = RegistryStatus.error(String.valueOf(e.getMessage()), null);
        }
    }

    /** A finished discovery clears an earlier discovery failure, not an update's state. */
    private void discovered() {
        RegistryStatus now = status;
        if (now.status() == PythonRuntimeStatus.NOT_INITIALIZED || (now.status() == PythonRuntimeStatus.ERROR && now.runtime().isEmpty())) {
            status = RegistryStatus.READY;
        }
    }

    /**
     * Every known interpreter, including those in ERROR and those too old to select; the one being updated shows
     * UPDATING here only (selection goes on using it until the switch).
     */
    public List<PythonRuntimeInfo> list() {
        List<PythonRuntimeInfo> all = infos(known());
        RegistryStatus now = status;
        if (now.status() != PythonRuntimeStatus.UPDATING || now.runtime().isEmpty()) {
            return all;
        }
        return all.stream().map(info -> info.id().equals(now.runtime().get()) && info.isReady()
                ? info.withStatus(PythonRuntimeStatus.UPDATING, Optional.empty()) : info).toList();
    }

    /** The interpreter with this id, or whose executable is this path. */
    public Optional<PythonRuntimeInfo> getRuntime(String id) {
        return entry(known(), id).map(RuntimeEntry::toInfo);
    }

    /** The interpreter pinned with {@link #setDefaultRuntime(String)}, if any and still known. */
    public Optional<PythonRuntimeInfo> getDefaultRuntime() {
        RuntimeStore.Snapshot known = known();
        return Optional.ofNullable(known.defaultId()).map(known.entries()::get).map(RuntimeEntry::toInfo);
    }

    /** Pins the interpreter with this id (or executable path) as preferred by {@link #find(String)}; persisted. */
    public void setDefaultRuntime(String id) {
        synchronized (writes) {
            ensureLoaded();
            if (entry(snapshot, id).isEmpty()) {
                initialize(); // not registered or interrogated in this process: maybe discovery knows it
            }
            RuntimeStore.Snapshot known = snapshot;
            RuntimeEntry entry = entry(known, id).orElseThrow(() -> new RegistryException(RegistryException.Reason.UNKNOWN_RUNTIME, id,
                    "Unknown runtime '" + id + "'; known: " + known.entries().keySet().stream().sorted().collect(Collectors.joining(", "))));
            snapshot = store.update(current -> current.merge(List.of(entry), List.of(), entry.id()));
        }
    }

    /**
     * Registers an interpreter the extension manages (or the user names): it stays listed even where
     * discovery would not find it, and becomes ERROR, never an exception, if its executable disappears.
     *
     * @throws RegistryException naming {@code executable} when it is no working Python
     */
    public PythonRuntimeInfo registerManagedRuntime(String name, PythonRuntimeType type, Path executable) {
        return registerManagedRuntime(name, type, executable, Optional.empty());
    }

    /**
     * {@link #registerManagedRuntime(String, PythonRuntimeType, Path)} with what the interpreter already said of itself
     * (the probe that verified a just-provisioned interpreter), so that registering it starts no process.
     */
    public PythonRuntimeInfo registerManagedRuntime(String name, PythonRuntimeType type, Path executable, Optional<ProbeResult> description) {
        synchronized (writes) {
            ensureLoaded(); // no discovery: registering right after provisioning must not wait for it
            Candidate candidate = candidateFor(executable, type == PythonRuntimeType.EMBEDDED ? "managed" : "explicit", type);
            RuntimeEntry probed = cachedOrProbe(candidate, description);
            RuntimeEntry registered = probed.registeredAs(name, probed.type() == PythonRuntimeType.VIRTUAL_ENV ? probed.type() : type,
                    candidate.source());
            snapshot = store.update(current -> current.merge(List.of(registered), List.of(), null));
            return registered.toInfo();
        }
    }

    /**
     * The best eligible interpreter for {@code versionRequest} ({@code 3}, {@code 3.13}, {@code 3.13.5};
     * blank for any): see {@link RuntimeSelection} for the rules. {@link #explain(String)} says why the others
     * were passed over.
     */
    public Optional<PythonRuntimeInfo> find(String versionRequest) {
        return candidates(versionRequest).stream().findFirst();
    }

    /** All eligible interpreters for {@code versionRequest}, best first (for callers with extra rules, e.g. {@code runtime=system}). */
    public List<PythonRuntimeInfo> candidates(String versionRequest) {
        RuntimeStore.Snapshot known = known();
        return RuntimeSelection.ranked(infos(known), versionRequest, known.defaultId());
    }

    /** Every known interpreter {@link #find(String)} would not choose for {@code versionRequest}, with the reason. */
    public List<SkippedCandidate> explain(String versionRequest) {
        return RuntimeSelection.skipped(infos(known()), versionRequest);
    }

    /**
     * One sentence for when {@link #find(String)} came back empty, e.g. {@code No Python 3.13 found; saw 3.11.2
     * (path: /usr/bin/python3), 3.12.1 (pyenv: ...)}, with what to do next.
     */
    public String explainMiss(String versionRequest) {
        String wanted = Versions.parseRequest(versionRequest).toString();
        List<SkippedCandidate> skipped = explain(versionRequest);
        String saw = skipped.isEmpty() ? "no interpreter was found at all"
                : "saw " + skipped.stream().map(SkippedCandidate::describe).collect(Collectors.joining("; "));
        return "No Python " + (wanted.isEmpty() ? "" : wanted + " ") + "found; " + saw + ". Install one (for example"
                + " 'uv python install " + (wanted.isEmpty() ? "3.13" : wanted) + "') and name its path, or let it be provisioned";
    }

    /**
     * Whether {@code version} (e.g. {@code 3.12.3}) satisfies {@code versionRequest} as {@link #find(String)} reads it
     * ({@code 3.13} wants any 3.13); an invalid request is a {@link RegistryException} naming it.
     */
    public static boolean satisfies(String version, String versionRequest) {
        return Versions.matches(version, Versions.parseRequest(versionRequest).version());
    }

    /**
     * Describes the interpreter at {@code executable}, from the cache when its fingerprint is unchanged,
     * else by running the probe (the result is remembered).
     *
     * @throws RegistryException naming the path when it is not a working Python
     */
    public PythonRuntimeInfo interrogate(Path executable) {
        synchronized (writes) {
            ensureLoaded(); // no discovery: an explicit interpreter needs only its own (cached) description
            Candidate candidate = candidateFor(executable, "explicit", InterpreterDiscovery.typeOf(executable));
            RuntimeEntry entry = cachedOrProbe(candidate);
            RuntimeEntry known = snapshot.entries().get(entry.id());
            if (known == null || known != entry) {
                snapshot = store.update(current -> current.merge(List.of(entry), List.of(), null));
            }
            return entry.toInfo();
        }
    }

    /** Where the registry is persisted. */
    public Path registryFile() {
        return store.file();
    }

    /**
     * The snapshot reads answer from: at once when initialized, even while a writer probes; the first
     * read waits for the initial discovery, as there is nothing to answer from before it.
     */
    private RuntimeStore.Snapshot known() {
        if (!initialized) {
            initialize();
        }
        return snapshot;
    }

    /** The persisted state without discovery, for operations on one named interpreter; called holding {@link #writes}. */
    private void ensureLoaded() {
        if (snapshot == null) {
            snapshot = store.load();
        }
    }

    private Candidate candidateFor(Path executable, String source, PythonRuntimeType type) {
        InterpreterFile file = InterpreterFile.of(executable).orElseThrow(() -> new RegistryException(RegistryException.Reason.NOT_AN_INTERPRETER,
                executable.toString(), "Python interpreter '" + executable + "' does not exist or is not an executable file;"
                        + " check the path"));
        return new Candidate(file, source, type);
    }

    /**
     * The cached entry when the fingerprint is unchanged, else a fresh probe; an interpreter known
     * before keeps its name, source and registration.
     */
    private RuntimeEntry cachedOrProbe(Candidate candidate) {
        return cachedOrProbe(candidate, Optional.empty());
    }

    /** {@link #cachedOrProbe(Candidate)}, taking {@code description} for the probe's answer when there is one. */
    private RuntimeEntry cachedOrProbe(Candidate candidate, Optional<ProbeResult> description) {
        InterpreterFile file = candidate.file();
        RuntimeEntry previous = snapshot.entries().values().stream().filter(e -> e.key().equals(file.key())).findFirst().orElse(null);
        if (previous != null && previous.status() == PythonRuntimeStatus.READY
                && file.sameAs(previous.realPath(), previous.size(), previous.modified())) {
            return previous;
        }
        Interrogator.Outcome outcome = description.map(d -> new Interrogator.Outcome(d, null))
                .orElseGet(() -> interrogator.probe(file.executable()));
        if (!outcome.ok()) {
            throw new RegistryException(RegistryException.Reason.BROKEN_INTERPRETER, file.executable().toString(), "Python interpreter '" + file.executable()
                    + "' is not a working Python: " + outcome.failure() + "; point to a working python executable");
        }
        Candidate labelled = previous == null ? candidate : new Candidate(file, previous.source(), previous.type());
        return RuntimeEntry.probed(labelled, outcome.result(), clock.instant()).keepingRegistrationOf(previous);
    }

    private static Optional<RuntimeEntry> entry(RuntimeStore.Snapshot snapshot, String idOrPath) {
        RuntimeEntry byId = snapshot.entries().get(idOrPath);
        if (byId != null) {
            return Optional.of(byId);
        }
        Optional<InterpreterFile> file;
        try {
            file = InterpreterFile.of(Path.of(idOrPath));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return file.flatMap(f -> snapshot.entries().values().stream().filter(e -> e.key().equals(f.key())).findFirst());
    }

    private static List<PythonRuntimeInfo> infos(RuntimeStore.Snapshot snapshot) {
        return snapshot.entries().values().stream().map(RuntimeEntry::toInfo).toList();
    }
}
