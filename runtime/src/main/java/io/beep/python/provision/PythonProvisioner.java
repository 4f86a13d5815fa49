package io.beep.python.provision;

import io.beep.python.PythonProcessException;
import io.beep.python.Secrets;
import io.beep.python.fs.FileTrees;
import io.beep.python.fs.HomeLayout;
import io.beep.python.fs.Platform;
import io.beep.python.process.Cancellation;
import io.beep.python.process.Durations;
import io.beep.python.process.InterProcessLock;
import io.beep.python.process.ProcessRunner;
import io.beep.python.registry.ProbeResult;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Provisions managed CPython interpreters under {@code ${home}/embedded/}: resolves a version
 * request against a source, obtains a verified archive (local Maven repository, cache, or
 * download), extracts it safely into a temp directory, proves the interpreter runs, and renames it
 * into {@code embedded/cpython-<version>-<platform>} atomically, under an inter-process lock.
 * <p>
 * A version already in place costs one {@code stat}: no lock, no process, no network.
 */
public final class PythonProvisioner {

    private static final System.Logger LOG = System.getLogger(PythonProvisioner.class.getName());

    private final Path home;
    private final ProcessRunner runner;
    private final DownloadPolicy policy;
    private final Platform platform;
    private final Path localMavenRepository;
    private final List<StandaloneCatalog.Entry> standaloneEntries;
    private final EmbeddedDirectory embedded;
    private final InterpreterLayout layout;
    private final MavenSettings settings;
    private HttpClient client;

    public PythonProvisioner(Path home, ProcessRunner runner) {
        this(home, runner, null, DownloadPolicy.defaults());
    }

    /**
     * @param client an HTTP client to download with (its redirect policy should be {@code NEVER}: redirects are
     *               followed here, to refuse downgrades to plain HTTP); null builds one honouring the JVM's proxy settings
     * @param policy time-outs and retries
     */
    public PythonProvisioner(Path home, ProcessRunner runner, HttpClient client, DownloadPolicy policy) {
        this(home, runner, client, policy, Platform.current(), MavenSettings.standard(), null);
    }

    PythonProvisioner(Path home, ProcessRunner runner, HttpClient client, DownloadPolicy policy, Platform platform,
            Path localMavenRepository, List<StandaloneCatalog.Entry> standaloneEntries) {
        this(home, runner, client, policy, platform, localMavenRepository, standaloneEntries, MavenSettings.none());
    }

    private PythonProvisioner(Path home, ProcessRunner runner, HttpClient client, DownloadPolicy policy, Platform platform,
            MavenSettings settings, List<StandaloneCatalog.Entry> standaloneEntries) {
        this(home, runner, client, policy, platform, LocalMavenRepository.locate(settings), standaloneEntries, settings);
    }

    /** A provisioner whose Maven downloads follow {@code settings} (mirrors, servers' credentials, proxies). */
    PythonProvisioner(Path home, ProcessRunner runner, HttpClient client, DownloadPolicy policy, Platform platform,
            Path localMavenRepository, List<StandaloneCatalog.Entry> standaloneEntries, MavenSettings settings) {
        this.settings = settings;
        this.home = home.toAbsolutePath();
        this.runner = runner;
        this.client = client;
        this.policy = policy;
        this.platform = platform;
        this.localMavenRepository = localMavenRepository;
        this.standaloneEntries = standaloneEntries;
        this.embedded = new EmbeddedDirectory(this.home, platform);
        this.layout = embedded.layout();
    }

    /**
     * Returns a managed interpreter matching the request, provisioning it first when absent. The one
     * provisioning sequence, whatever the source: lock, recheck, fetch (verified), unpack safely into a
     * temp directory, check the interpreter runs, install by atomic rename, record.
     *
     * @throws ProvisioningException naming the version, URL (masked) or checksum at fault
     */
    public ProvisionedPython provision(ProvisionRequest request, DownloadListener listener, Cancellation cancellation) {
        return provision(plan(request), request, listener, cancellation, false);
    }

    /**
     * Looks for a later patch of {@code currentVersion}'s minor in {@code request}'s source: the artifact's
     * {@code maven-metadata.xml} in each of its repositories ({@code source=maven}), the bundled python-build-standalone
     * catalog, or nowhere for {@code source=url} (one archive names one version). Downloads nothing else, runs nothing.
     *
     * @throws ProvisioningException naming the repository (masked) whose metadata could not be read
     */
    public PatchLookup newerPatch(ProvisionRequest request, String currentVersion, Cancellation cancellation) {
        PythonVersion current = PythonVersion.parse(currentVersion);
        List<String> releases = List.of();
        DistributionCatalog catalog;
        String where;
        switch (request.source()) {
            case URL -> {
                return new PatchLookup(currentVersion, Optional.empty(), "nowhere: an archive URL names one version and lists no other release",
                        List.of());
            }
            case PYTHON_BUILD_STANDALONE -> {
                catalog = standaloneCatalog(request.mirror());
                where = "the python-build-standalone catalog bundled with the extension";
            }
            default -> {
                try {
                    releases = PatchReleases.published(new HttpDownloader(this::client, policy, request.allowInsecureHttp()),
                            request.mavenRepositories(), cancellation);
                } catch (IOException e) {
                    throw new ProvisioningException(ProvisioningException.Reason.DOWNLOAD_FAILED, currentVersion,
                            "Cannot look for a newer patch of Python " + currentVersion + ": " + Secrets.mask(e.getMessage()), e);
                }
                catalog = new MavenCatalog(releases);
                where = request.mavenRepositories().isEmpty() ? "nowhere: no remote Maven repository is configured"
                        : String.join(", ", request.mavenRepositories().stream().map(r -> Secrets.mask(PatchReleases.metadata(r).toString())).toList());
            }
        }
        Optional<String> newer = catalog.versions(platform).stream()
                .filter(v -> v.major() == current.major() && v.minor() == current.minor() && v.compareTo(current) > 0)
                .max(PythonVersion::compareTo).map(PythonVersion::toString);
        return new PatchLookup(currentVersion, newer, where, releases);
    }

    /**
     * Provisions the patch {@code lookup} found, exactly that version, with the releases its source listed; checked like
     * any provisioning (its interpreter must start and describe itself), and installed beside the one in use, held
     * ({@link HomeLayout#heldMarker}): discovery passes it over until the marker is removed.
     */
    public ProvisionedPython provisionPatch(ProvisionRequest request, PatchLookup lookup, DownloadListener listener,
            Cancellation cancellation) {
        String version = lookup.newer().orElseThrow(() -> new IllegalArgumentException("No newer patch of " + lookup.current() + " was found"));
        ProvisionRequest exact = request.forVersion(version);
        SourcePlan plan = request.source() == DistributionSource.MAVEN
                ? new CatalogPlan(exact, new MavenCatalog(lookup.releases()), embedded) : plan(exact);
        return provision(plan, exact, listener, cancellation, true);
    }

    private ProvisionedPython provision(SourcePlan plan, ProvisionRequest request, DownloadListener listener, Cancellation cancellation,
            boolean held) {
        Optional<ProvisionedPython> done = plan.installed();
        if (done.isPresent()) {
            return done.get();
        }
        try (InterProcessLock ignored = InterProcessLock.acquire(HomeLayout.of(home).lockFor(HomeLayout.LockKind.EMBEDDED, plan.name()), cancellation)) {
            done = plan.installed();
            if (done.isPresent()) {
                return done.get(); // Another process finished it while we waited.
            }
            long begin = System.nanoTime();
            TempDirectories.removeStale(embedded.root(), plan.name());
            ArchiveFetcher fetcher = fetcher(request);
            FetchedArchive archive = fetcher.fetch(plan.distribution(), request.mavenRepositories(), listener, cancellation, true);
            long fetched = System.nanoTime();
            Path temp = TempDirectories.create(embedded.root(), plan.name());
            try {
                Optional<Verified> checked = unpackAndVerify(archive, plan, temp, cancellation);
                if (checked.isEmpty()) {
                    // The local repository's copy failed its .sha1 (said in the log): unpack a fetched one instead.
                    FileTrees.delete(temp);
                    Files.createDirectory(temp);
                    archive = fetcher.fetch(plan.distribution(), request.mavenRepositories(), listener, cancellation, false);
                    checked = unpackAndVerify(archive, plan, temp, cancellation);
                }
                Verified verified = checked.orElseThrow(); // a fetched archive is verified before it is returned
                Optional<ProbeResult> description = Optional.empty();
                if (!embedded.isInstalled(verified.target())) { // source=url: another archive may have brought the same version
                    if (held) {
                        Files.createFile(HomeLayout.heldMarker(verified.root())); // before the move: never visible unheld
                    }
                    embedded.moveIntoPlace(verified.root(), verified.version().toString(), verified.target(), plan.distribution(),
                            archive.file());
                    description = verified.report().flatMap(r -> r.relocated(verified.root(), verified.target()));
                }
                plan.remember(verified.target());
                LOG.log(System.Logger.Level.INFO, "Provisioned CPython {0} for {1} into {2} in {3} ({4} to {5} the archive)",
                        verified.version(), platform, verified.target(), Durations.since(begin),
                        Durations.human(Duration.ofNanos(fetched - begin)), archive.downloaded() ? "download and verify" : "find");
                return embedded.installed(verified.target(), verified.version(), description);
            } finally {
                FileTrees.delete(temp);
            }
        } catch (IOException e) {
            throw new ProvisioningException(ProvisioningException.Reason.IO, plan.input(),
                    "Cannot provision " + plan.subject() + ": " + Secrets.mask(e.getMessage()), e);
        }
    }

    /** The source's part of the sequence. */
    private SourcePlan plan(ProvisionRequest request) {
        return switch (request.source()) {
            case MAVEN -> new CatalogPlan(request, new MavenCatalog(), embedded);
            case PYTHON_BUILD_STANDALONE -> new CatalogPlan(request, standaloneCatalog(request.mirror()), embedded);
            case URL -> new UrlPlan(request, embedded, home);
        };
    }

    ArchiveFetcher fetcher(ProvisionRequest request) {
        return new ArchiveFetcher(home, new HttpDownloader(this::client, policy, request.allowInsecureHttp()), localMavenRepository, settings);
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = ProxySettings.apply(HttpClient.newBuilder(), System.getenv(), settings).followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(policy.connectTimeout()).build();
        }
        return client;
    }

    /**
     * Extracts {@code archive} into {@code temp}, proves the interpreter inside works, and asks the plan where that
     * version goes. The interpreter is started as soon as what starting and checking it read is written (its
     * executable, shared libraries, top-level modules and a few packages: one file in seven), while the rest is
     * still being written; but never before the archive is known to be intact. A check that fails then, or finds no
     * pip, is made again once every file is written, and only that answer counts: the early one may have looked for
     * a file not yet there. Empty when the local repository's copy turned out not to match its checksum.
     */
    private Optional<Verified> unpackAndVerify(FetchedArchive archive, SourcePlan plan, Path temp, Cancellation cancellation)
            throws IOException {
        String origin = plan.distribution().describe();
        try (SafeExtractor.Extraction extraction = SafeExtractor.start(archive.file(), plan.distribution().format(), temp,
                plan.archivePrefix(), layout::leftOut, layout::notNeededToStart, cancellation)) {
            Path root = unpacked(origin, archive.file(), temp, () -> {
                extraction.awaitFirstPart();
                return repairedRoot(temp);
            });
            if (!archive.intact().join()) {
                return Optional.empty();
            }
            Optional<ProbeResult> early = extraction.isComplete() ? Optional.empty() : earlyCheck(origin, root, cancellation);
            unpacked(origin, archive.file(), temp, () -> {
                extraction.awaitAll();
                return root;
            });
            ProbeResult report = early.isPresent() ? early.get() : check(origin, root, cancellation);
            PythonVersion version = parseVersion(origin, report.version());
            Path target = plan.target(version);
            if (!report.hasPip() && report.ensurepip()) {
                ensurePip(origin, root, cancellation);
                return Optional.of(new Verified(root, version, target, Optional.empty())); // the report's "no pip" is out of date
            }
            return Optional.of(new Verified(root, version, target, Optional.of(report)));
        }
    }

    /** A wait for the extraction, and what follows it on the unpacked files. */
    private interface ExtractionStep<T> {
        T run() throws IOException;
    }

    /** Runs {@code step}, turning what extraction throws into the error that names the archive. */
    private <T> T unpacked(String origin, Path archive, Path temp, ExtractionStep<T> step) {
        try {
            return step.run();
        } catch (SafeExtractor.UnsafeEntryException e) {
            throw new ProvisioningException(ProvisioningException.Reason.UNSAFE_ARCHIVE, origin,
                    "Refusing the archive " + origin + ": " + e.getMessage() + ". Nothing was installed.", e);
        } catch (IOException e) {
            if (DiskErrors.noSpaceLeft(e)) {
                // The archive is fine (it matched its checksum): keep it cached; the next try, with space, needs no download.
                throw new ProvisioningException(ProvisioningException.Reason.IO, origin, "No space left to unpack " + origin + " into "
                        + temp.getParent() + " (" + e.getMessage() + "). Nothing was installed and the partial files were removed;"
                        + " free space there (or point the home elsewhere) and start again.", e);
            }
            boolean cached = archive.toAbsolutePath().startsWith(HomeLayout.of(home).cache());
            if (cached) {
                // It matched its checksum, yet does not unpack: the published checksum was of a broken file,
                // or the disk failed. Either way the next attempt must fetch it again, not reuse it.
                deleteQuietly(archive);
            }
            throw new ProvisioningException(ProvisioningException.Reason.UNSAFE_ARCHIVE, origin, "Cannot unpack " + origin + " ("
                    + archive + "): " + e.getMessage() + ". The archive is damaged or truncated"
                    + (cached ? "; it was removed from the cache" : "; delete it and retry") + ".", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot delete " + file, e);
        }
    }

    /** The interpreter's root in the unpacked tree, with what archives lose repaired. */
    private Path repairedRoot(Path temp) throws IOException {
        Path root = layout.findRoot(temp).orElseThrow(() -> new IOException("it holds no interpreter (looked for "
                + layout.executable(Path.of("")) + " at its top or one directory down)"));
        layout.restoreExecutableBits(root);
        if (platform.isWindows()) {
            layout.enableSiteInEmbeddable(root);
        }
        return root;
    }

    /**
     * The check, made while the files it does not read are still being written: its answer when it passed and saw
     * pip, else empty (the check is made again on the whole tree, whose answer is the one reported).
     */
    private Optional<ProbeResult> earlyCheck(String origin, Path root, Cancellation cancellation) {
        try {
            ProbeResult report = check(origin, root, cancellation);
            return report.hasPip() ? Optional.of(report) : Optional.empty();
        } catch (ProvisioningException e) { // a cancellation is not one: it goes on up
            LOG.log(System.Logger.Level.DEBUG, "The new interpreter failed its check before every file was written ({0});"
                    + " checking it again once they are", e.getMessage());
            return Optional.empty();
        }
    }

    /** Starts the unpacked interpreter once: it must run, describe itself and import what its build has. */
    private ProbeResult check(String origin, Path root, Cancellation cancellation) {
        try {
            return new InterpreterCheck(home, runner).inspect(layout.executable(root), cancellation);
        } catch (IOException | PythonProcessException e) {
            throw brokenInterpreter(origin, e, cancellation);
        }
    }

    private void ensurePip(String origin, Path root, Cancellation cancellation) {
        try {
            new InterpreterCheck(home, runner).ensurePip(layout.executable(root), cancellation);
        } catch (IOException | PythonProcessException e) {
            throw brokenInterpreter(origin, e, cancellation);
        }
    }

    private static ProvisioningException brokenInterpreter(String origin, Exception e, Cancellation cancellation) {
        cancellation.throwIfCancelled();
        return new ProvisioningException(ProvisioningException.Reason.BROKEN_INTERPRETER, origin,
                "The interpreter from " + origin + " failed verification: " + e.getMessage(), e);
    }

    private static PythonVersion parseVersion(String origin, String reported) {
        try {
            return PythonVersion.parse(reported);
        } catch (IllegalArgumentException e) {
            throw new ProvisioningException(ProvisioningException.Reason.BROKEN_INTERPRETER, origin, "The interpreter from " + origin
                    + " failed verification: it reports version '" + reported + "', not a final X.Y.Z release", e);
        }
    }

    /** A working interpreter tree in a temp directory, where it goes, and what it said of itself there. */
    private record Verified(Path root, PythonVersion version, Path target, Optional<ProbeResult> report) {
    }

    /**
     * The Maven coordinates of the CPython that a {@code source=maven} request provisions on this
     * machine, for a build that resolves it with its own resolver first.
     *
     * @throws ProvisioningException naming the version when no release matches
     */
    public static MavenCoordinates mavenCoordinates(String versionRequest) {
        ProvisionRequest request = ProvisionRequest.maven(versionRequest, List.of());
        CatalogPlan plan = new CatalogPlan(request, new MavenCatalog(), new EmbeddedDirectory(Path.of("."), Platform.current()));
        Distribution.MavenArtifact artifact = (Distribution.MavenArtifact) plan.distribution().origin();
        return new MavenCoordinates(artifact.groupId(), artifact.artifactId(), artifact.extension(), artifact.classifier(),
                artifact.version());
    }

    /** A provisioner that looks for Maven artifacts in {@code localMavenRepository} first, instead of the user's one. */
    public static PythonProvisioner withLocalMavenRepository(Path home, ProcessRunner runner, Path localMavenRepository) {
        return new PythonProvisioner(home, runner, null, DownloadPolicy.defaults(), Platform.current(), localMavenRepository, null);
    }

    /** The versions {@code source} offers for this machine's platform, oldest first. */
    public List<String> availableVersions(DistributionSource source) {
        if (source == DistributionSource.URL) {
            return List.of();
        }
        return catalog(source).versions(platform).stream().map(PythonVersion::toString).toList();
    }

    private DistributionCatalog catalog(DistributionSource source) {
        return source == DistributionSource.MAVEN ? new MavenCatalog() : standaloneCatalog(Optional.empty());
    }

    private StandaloneCatalog standaloneCatalog(Optional<URI> mirror) {
        return new StandaloneCatalog(standaloneEntries != null ? standaloneEntries : StandaloneCatalog.bundledEntries(), mirror);
    }
}
