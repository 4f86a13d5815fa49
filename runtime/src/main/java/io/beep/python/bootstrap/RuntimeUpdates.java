package io.beep.python.bootstrap;

import io.beep.python.fs.AtomicFiles;
import io.beep.python.fs.HomeLayout;
import io.beep.python.process.Cancellation;
import io.beep.python.process.InterProcessLock;
import io.beep.python.process.LockTimeoutException;
import io.beep.python.provision.DownloadListener;
import io.beep.python.provision.PatchLookup;
import io.beep.python.provision.ProvisionRequest;
import io.beep.python.provision.ProvisionedPython;
import io.beep.python.provision.PythonProvisioner;
import io.beep.python.registry.PythonRuntimeInfo;
import io.beep.python.registry.PythonRuntimeRegistry;
import io.beep.python.registry.PythonRuntimeType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Patch updates of managed interpreters, opt-in: looks in the source in use for a later patch of the minor in use,
 * and provisions and checks it in the background (never on the path to readiness), the registry showing UPDATING
 * meanwhile. A newer patch that fails its check is refused: nothing of it is kept, the interpreter in use stays, and
 * the registry says why (ERROR). One that passes is recorded as pending in {@code ${home}/runtime-updates/<minor>.json}
 * and held: discovery passes it over (see {@link HomeLayout#heldMarker}), so no start uses it unverified.
 * <p>
 * Only interpreters the extension provisioned are updated: a system, pyenv or explicit one is the user's, and a baked
 * application's is pinned by its build (its callers never ask). {@code ${home}/runtime-updates/last-check}, written
 * atomically under the home's update lock, keeps the sources from being asked more than once per interval by all the
 * applications sharing the home.
 */
public final class RuntimeUpdates {

    private static final System.Logger LOG = System.getLogger(RuntimeUpdates.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a start waits for another process's update check before leaving the work to it. */
    private static final Duration BUSY_WAIT = Duration.ofSeconds(2);
    private static final Pattern FINAL_RELEASE = Pattern.compile("\\d+\\.\\d+\\.\\d+");

    /**
     * What one update did.
     *
     * @param runtime     the interpreter that was looked at
     * @param lookup      what the source offers; empty when the interpreter is not one to update ({@link #reason} says why)
     * @param provisioned the newer patch, provisioned and checked
     * @param failure     why the newer patch was refused (the interpreter in use is kept)
     * @param reason      one sentence on what happened, for the log and the CLI
     */
    public record Result(PythonRuntimeInfo runtime, Optional<PatchLookup> lookup, Optional<ProvisionedPython> provisioned,
            Optional<String> failure, String reason) {

        /** Whether a newer patch is provisioned and waits for the next start. */
        public boolean updated() {
            return provisioned.isPresent();
        }
    }

    private final Path home;
    private final HomeLayout layout;
    private final PythonProvisioner provisioner;
    private final PythonRuntimeRegistry registry;
    private final Clock clock;

    public RuntimeUpdates(Path home, PythonProvisioner provisioner, PythonRuntimeRegistry registry) {
        this(home, provisioner, registry, Clock.systemUTC());
    }

    RuntimeUpdates(Path home, PythonProvisioner provisioner, PythonRuntimeRegistry registry, Clock clock) {
        this.home = home.toAbsolutePath();
        this.layout = HomeLayout.of(this.home);
        this.provisioner = provisioner;
        this.registry = registry;
        this.clock = clock;
    }

    /** Whether {@code runtime} is one the extension provisioned, in a final release (a pre-release is left alone). */
    public static boolean updatable(PythonRuntimeInfo runtime) {
        return runtime.type() == PythonRuntimeType.EMBEDDED && FINAL_RELEASE.matcher(runtime.version()).matches();
    }

    /** Looks for a newer patch of {@code runtime} in {@code request}'s source; provisions nothing (a dry run). */
    public Optional<PatchLookup> check(ProvisionRequest request, PythonRuntimeInfo runtime, Cancellation cancellation) {
        if (!updatable(runtime)) {
            return Optional.empty();
        }
        return Optional.of(provisioner.newerPatch(request, runtime.version(), cancellation));
    }

    /**
     * Looks for a newer patch of {@code runtime} and provisions it (checked like any provisioning), showing the
     * registry UPDATING meanwhile. Never throws for a failed look or a refused patch: the result says why, and so do
     * the log and the registry's status.
     */
    public Result update(ProvisionRequest request, PythonRuntimeInfo runtime, DownloadListener listener, Cancellation cancellation) {
        if (!updatable(runtime)) {
            return new Result(runtime, Optional.empty(), Optional.empty(), Optional.empty(), "Python " + runtime.version() + " at "
                    + runtime.executable() + " is not a managed interpreter in a final release: it is never updated");
        }
        PatchLookup lookup;
        try {
            lookup = provisioner.newerPatch(request, runtime.version(), cancellation);
        } catch (RuntimeException e) {
            String failure = "Looking for a newer patch of Python " + runtime.version() + " failed: " + e.getMessage();
            LOG.log(System.Logger.Level.WARNING, failure);
            registry.updateFinished(runtime.id(), Optional.of(failure));
            return new Result(runtime, Optional.empty(), Optional.empty(), Optional.of(failure), failure);
        }
        if (lookup.newer().isEmpty()) {
            String reason = "Python " + runtime.version() + " is the newest patch of its minor in " + lookup.where();
            LOG.log(System.Logger.Level.DEBUG, reason);
            return new Result(runtime, Optional.of(lookup), Optional.empty(), Optional.empty(), reason);
        }
        String newer = lookup.newer().get();
        registry.updateStarted(runtime.id(), "provisioning Python " + newer + " to replace " + runtime.version());
        try {
            ProvisionedPython provisioned = provisioner.provisionPatch(request, lookup, listener, cancellation);
            recordPending(runtime, provisioned);
            registry.updateFinished(runtime.id(), Optional.empty());
            String reason = "Python " + newer + " is provisioned and checked in " + provisioned.installDir() + "; it replaces "
                    + runtime.version() + " at the next start";
            LOG.log(System.Logger.Level.INFO, reason);
            return new Result(runtime, Optional.of(lookup), Optional.of(provisioned), Optional.empty(), reason);
        } catch (RuntimeException | IOException e) {
            String failure = "The update of Python " + runtime.version() + " to " + newer + " was refused, " + runtime.version()
                    + " stays in use: " + e.getMessage();
            LOG.log(System.Logger.Level.WARNING, failure);
            registry.updateFinished(runtime.id(), Optional.of(failure));
            return new Result(runtime, Optional.of(lookup), Optional.empty(), Optional.of(failure), failure);
        }
    }

    /**
     * {@link #update} when the sources were last asked {@code interval} ago or longer (by any process on this home),
     * else nothing. The time is recorded before looking, so that a failing source is not asked again at every start.
     */
    public Optional<Result> updateIfDue(ProvisionRequest request, PythonRuntimeInfo runtime, Duration interval, DownloadListener listener,
            Cancellation cancellation) {
        if (!updatable(runtime)) {
            return Optional.empty();
        }
        InterProcessLock lock;
        try {
            // Another process of the home is updating (it may take minutes): it does the work for this one too.
            lock = InterProcessLock.acquire(layout.runtimeUpdatesLock(), cancellation, BUSY_WAIT);
        } catch (LockTimeoutException e) {
            LOG.log(System.Logger.Level.DEBUG, "Another process is updating the interpreters of " + home + ": " + e.getMessage());
            return Optional.empty();
        }
        try (InterProcessLock ignored = lock) {
            Optional<Instant> last = lastCheck();
            Instant now = clock.instant();
            if (last.isPresent() && last.get().plus(interval).isAfter(now)) {
                return Optional.empty();
            }
            Files.createDirectories(layout.runtimeUpdates());
            AtomicFiles.write(lastCheckFile(), now.toString());
            return Optional.of(update(request, runtime, listener, cancellation));
        } catch (IOException e) {
            String failure = "Cannot record the runtime update check in " + lastCheckFile() + ": " + e.getMessage();
            LOG.log(System.Logger.Level.WARNING, failure);
            return Optional.of(new Result(runtime, Optional.empty(), Optional.empty(), Optional.of(failure), failure));
        }
    }

    /** When the sources were last asked; empty when never, or when the file is unreadable (then it is asked again). */
    public Optional<Instant> lastCheck() {
        try {
            return Optional.of(Instant.parse(Files.readString(lastCheckFile(), StandardCharsets.UTF_8).strip()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | DateTimeParseException e) {
            LOG.log(System.Logger.Level.WARNING, "Ignoring the unreadable " + lastCheckFile() + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The newer patch provisioned for {@code minor} ({@code 3.13}) that waits for a start, if any. */
    public Optional<Path> pendingFile(String minor) {
        Path file = layout.runtimeUpdates().resolve(minor + ".json");
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /**
     * Makes an interpreter {@link #update} provisioned visible to discovery (and so to the next start's choice), as an
     * explicit {@code beep-python runtimes --upgrade} asks.
     */
    public void release(ProvisionedPython provisioned) throws IOException {
        Files.deleteIfExists(HomeLayout.heldMarker(provisioned.installDir()));
    }

    private Path lastCheckFile() {
        return layout.runtimeUpdates().resolve("last-check");
    }

    /** Written atomically after the check passed: a reader sees the whole record or none. */
    private void recordPending(PythonRuntimeInfo from, ProvisionedPython to) throws IOException {
        ObjectNode pending = JSON.createObjectNode();
        pending.put("from", from.version());
        pending.put("fromExecutable", from.executable().toString());
        pending.put("to", to.version());
        pending.put("toExecutable", to.executable().toString());
        pending.put("provisioned", clock.instant().toString());
        Files.createDirectories(layout.runtimeUpdates());
        AtomicFiles.write(layout.runtimeUpdates().resolve(from.minorVersion() + ".json"), JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(pending));
    }
}
