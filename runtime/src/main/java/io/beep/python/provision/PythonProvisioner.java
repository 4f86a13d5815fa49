package io.beep.python.provision;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;
import io.beep.python.PythonProcessException;
import io.beep.python.Secrets;
import io.beep.python.fs.FileTrees;
import io.beep.python.process.Cancellation;
import io.beep.python.process.InterProcessLock;
import io.beep.python.process.ProcessRunner;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    static final String IMPLEMENTATION = "cpython";
    static final String MARKER = ".beep-python.json";

    private final Path home;
    private final ProcessRunner runner;
    private final DownloadPolicy policy;
    private final Platform platform;
    private final Path localMavenRepository;
    private final List<StandaloneCatalog.Entry> standaloneEntries;
    private final InterpreterLayout layout;
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
        this(home, runner, client, policy, Platform.current(), LocalMavenRepository.locate(), null);
    }

    PythonProvisioner(Path home, ProcessRunner runner, HttpClient client, DownloadPolicy policy, Platform platform,
            Path localMavenRepository, List<StandaloneCatalog.Entry> standaloneEntries) {
        this.home = home.toAbsolutePath();
        this.runner = runner;
        this.client = client;
        this.policy = policy;
        this.platform = platform;
        this.localMavenRepository = localMavenRepository;
        this.standaloneEntries = standaloneEntries;
        this.layout = new InterpreterLayout(platform);
    }

    /**
     * Returns a managed interpreter matching the request, provisioning it first when absent.
     *
     * @throws PythonBootstrapException at stage {@link BootstrapStage#PROVISIONING_PYTHON}, naming the version,
     *                                  URL (masked) or checksum at fault
     */
    public ProvisionedPython provision(ProvisionRequest request, DownloadListener listener, Cancellation cancellation) {
        try {
            return provisionOrFail(request, listener, cancellation);
        } catch (PythonBootstrapException e) {
            // Errors raised below (a process that could not start, say) carry their own stage; this is where they surfaced.
            throw e.atStage(BootstrapStage.PROVISIONING_PYTHON);
        }
    }

    private ProvisionedPython provisionOrFail(ProvisionRequest request, DownloadListener listener, Cancellation cancellation) {
        if (request.source() == DistributionSource.URL) {
            return new UrlProvisioning(this, request).provision(listener, cancellation);
        }
        DistributionCatalog catalog = catalog(request);
        PythonVersion version = resolve(request.versionRequest(), request.source(), catalog);
        Distribution distribution = catalog.find(version, platform).orElseThrow();
        String name = directoryName(version);
        Path target = embedded().resolve(name);
        if (Files.isRegularFile(layout.executable(target))) {
            return provisioned(target, version, false);
        }
        try (InterProcessLock ignored = InterProcessLock.inHome(home, "embedded-" + name, cancellation)) {
            if (Files.isRegularFile(layout.executable(target))) {
                return provisioned(target, version, false); // Another process finished it while we waited.
            }
            long begin = System.nanoTime();
            TempDirectories.removeStale(embedded(), name);
            ArchiveFetcher.Fetched archive = fetcher(request).fetch(distribution, request.mavenRepositories(), listener, cancellation);
            long fetched = System.nanoTime();
            Path temp = TempDirectories.create(embedded(), name);
            try {
                String prefix = request.source() == DistributionSource.MAVEN ? MavenCatalog.interpreterPrefix(platform) : "";
                Unpacked unpacked = unpackAndVerify(archive.file(), distribution, prefix, temp, Optional.of(version), cancellation);
                finish(unpacked, target, distribution, archive.file());
            } finally {
                FileTrees.delete(temp);
            }
            LOG.log(System.Logger.Level.INFO, "Provisioned CPython {0} for {1} into {2} in {3} ms ({4} ms to {5} the archive)",
                    version, platform, target, (System.nanoTime() - begin) / 1_000_000, (fetched - begin) / 1_000_000,
                    archive.downloaded() ? "download and verify" : "find");
            return provisioned(target, version, true);
        } catch (IOException e) {
            throw new PythonBootstrapException(BootstrapStage.PROVISIONING_PYTHON, request.versionRequest(),
                    "Cannot provision Python " + request.versionRequest() + " into " + target + ": " + Secrets.mask(e.getMessage()), e);
        }
    }

    /** The versions {@code source} offers for this machine's platform, oldest first. */
    public List<String> availableVersions(DistributionSource source) {
        if (source == DistributionSource.URL) {
            return List.of();
        }
        return catalog(source, Optional.empty()).versions(platform).stream().map(PythonVersion::toString).toList();
    }

    /** This machine's platform name as used in {@code embedded/cpython-<version>-<platform>}. */
    public String platformName() {
        return platform.name();
    }

    /**
     * Extracts {@code archive} into {@code temp} and proves the interpreter inside works.
     *
     * @return the interpreter's root inside {@code temp}, ready to be renamed into place, and its version
     */
    Unpacked unpackAndVerify(Path archive, Distribution distribution, String prefix, Path temp, Optional<PythonVersion> expected,
            Cancellation cancellation) {
        String origin = ArchiveFetcher.describe(distribution.origin());
        Path root;
        try {
            SafeExtractor.extract(archive, distribution.format(), temp, prefix, cancellation);
            root = layout.findRoot(temp).orElseThrow(() -> new IOException("it holds no interpreter (looked for "
                    + layout.executable(Path.of("")) + " at its top or one directory down)"));
            layout.restoreExecutableBits(root);
            if (platform.isWindows()) {
                layout.enableSiteInEmbeddable(root);
            }
        } catch (SafeExtractor.UnsafeEntryException e) {
            throw new PythonBootstrapException(BootstrapStage.PROVISIONING_PYTHON, origin,
                    "Refusing the archive " + origin + ": " + e.getMessage() + ". Nothing was installed.", e);
        } catch (IOException e) {
            boolean cached = archive.toAbsolutePath().startsWith(home.resolve("cache"));
            if (cached) {
                // It matched its checksum, yet does not unpack: the published checksum was of a broken file,
                // or the disk failed. Either way the next attempt must fetch it again, not reuse it.
                deleteQuietly(archive);
            }
            throw new PythonBootstrapException(BootstrapStage.PROVISIONING_PYTHON, origin, "Cannot unpack " + origin + " ("
                    + archive + "): " + e.getMessage() + ". The archive is damaged or truncated"
                    + (cached ? "; it was removed from the cache" : "; delete it and retry") + ".", e);
        }
        try {
            InterpreterCheck check = new InterpreterCheck(runner);
            InterpreterCheck.Report report = check.inspect(layout.executable(root), cancellation);
            if (expected.isPresent() && !report.version().equals(expected.get().toString())) {
                throw new IOException("it contains Python " + report.version() + ", not " + expected.get());
            }
            if (!report.hasPip() && report.hasEnsurepip()) {
                check.ensurePip(layout.executable(root), cancellation);
            }
            return new Unpacked(root, report.version());
        } catch (IOException | PythonProcessException e) {
            cancellation.throwIfCancelled();
            throw new PythonBootstrapException(BootstrapStage.PROVISIONING_PYTHON, origin,
                    "The interpreter from " + origin + " failed verification: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot delete " + file, e);
        }
    }

    /** A verified interpreter tree in a temp directory. */
    record Unpacked(Path root, String version) {
    }

    /** Repairs paths for the final location, records provenance, and renames into place. */
    void finish(Unpacked unpacked, Path target, Distribution distribution, Path archive) throws IOException {
        Path root = unpacked.root();
        layout.rewriteShebangs(root, target);
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put("implementation", IMPLEMENTATION);
        marker.put("version", unpacked.version());
        marker.put("platform", platform.name());
        marker.put("origin", ArchiveFetcher.describe(distribution.origin()));
        marker.put("archive", archive.toString());
        Files.write(root.resolve(MARKER), new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(marker));
        Files.createDirectories(target.getParent());
        try {
            Files.move(root, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + root + " to " + target + " atomically; keep " + home + " on one file system", e);
        }
    }

    ProvisionedPython provisioned(Path target, PythonVersion version, boolean installed) {
        return new ProvisionedPython(layout.executable(target), target, version.toString(), platform.name(), installed);
    }

    String directoryName(PythonVersion version) {
        return IMPLEMENTATION + "-" + version + "-" + platform.name();
    }

    Path embedded() {
        return home.resolve("embedded");
    }

    Platform platform() {
        return platform;
    }

    InterpreterLayout layout() {
        return layout;
    }

    ArchiveFetcher fetcher(ProvisionRequest request) {
        return new ArchiveFetcher(home, new HttpDownloader(client(), policy, request.allowInsecureHttp()), localMavenRepository);
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).proxy(ProxySettings.selector(System.getenv()))
                    .connectTimeout(policy.connectTimeout()).build();
        }
        return client;
    }

    private DistributionCatalog catalog(ProvisionRequest request) {
        return catalog(request.source(), request.mirror());
    }

    private DistributionCatalog catalog(DistributionSource source, Optional<URI> mirror) {
        if (source == DistributionSource.MAVEN) {
            return new MavenCatalog();
        }
        return new StandaloneCatalog(standaloneEntries != null ? standaloneEntries : StandaloneCatalog.bundledEntries(), mirror);
    }

    private PythonVersion resolve(String requested, DistributionSource source, DistributionCatalog catalog) {
        VersionRequest request = VersionRequest.parse(requested).orElseThrow(() -> new PythonBootstrapException(
                BootstrapStage.PROVISIONING_PYTHON, requested, "Invalid Python version '" + requested
                        + "'; write it as 3, 3.13 or 3.13.5"));
        List<PythonVersion> known = catalog.versions(platform);
        return request.newestMatch(known).orElseThrow(() -> new PythonBootstrapException(BootstrapStage.PROVISIONING_PYTHON,
                requested, "Python " + requested + " is not available from distribution source '" + source.configName() + "' for "
                        + platform.name() + "; available: " + (known.isEmpty() ? "none" : String.join(", ",
                        known.stream().map(PythonVersion::toString).toList()))
                        + (known.isEmpty() ? ". Choose another beep.python.distribution.source" : "")));
    }

    Path home() {
        return home;
    }

    ProcessRunner runner() {
        return runner;
    }
}
