package io.beep.python.provision;

import io.beep.python.Secrets;
import io.beep.python.fs.Digests;
import io.beep.python.fs.HomeLayout;
import io.beep.python.process.Cancellation;
import io.beep.python.process.InterProcessLock;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Produces a verified archive on local disk: from the local Maven repository, from the download
 * cache, or downloaded (then checksum-verified and cached). Nothing unverified reaches the caller.
 */
final class ArchiveFetcher {

    private static final System.Logger LOG = System.getLogger(ArchiveFetcher.class.getName());

    private final Path home;
    private final DownloadCache cache;
    private final HttpDownloader downloader;
    private final Path localMavenRepository;
    private final MavenSettings settings;

    ArchiveFetcher(Path home, HttpDownloader downloader, Path localMavenRepository) {
        this(home, downloader, localMavenRepository, MavenSettings.none());
    }

    /** A fetcher whose Maven downloads follow {@code settings}: mirror rules, and the servers' credentials. */
    ArchiveFetcher(Path home, HttpDownloader downloader, Path localMavenRepository, MavenSettings settings) {
        this.home = home;
        this.cache = new DownloadCache(home);
        this.downloader = downloader;
        this.localMavenRepository = localMavenRepository;
        this.settings = settings;
    }

    /** The archive, from the local Maven repository first when {@code useLocalRepository}. */
    FetchedArchive fetch(Distribution distribution, List<URI> mavenRepositories, DownloadListener listener, Cancellation cancellation,
            boolean useLocalRepository) {
        try {
            if (distribution.origin() instanceof Distribution.MavenArtifact artifact) {
                return fetchMaven(artifact, distribution.format(), mavenRepositories, listener, cancellation, useLocalRepository);
            }
            return fetchRemote((Distribution.RemoteArchive) distribution.origin(), distribution.format(), listener, cancellation);
        } catch (IOException e) {
            throw new ProvisioningException(e instanceof DownloadException d && d.refused() ? ProvisioningException.Reason.INSECURE_URL
                    : ProvisioningException.Reason.DOWNLOAD_FAILED, distribution.describe(), "Cannot obtain " + distribution.describe() + ": " + Secrets.mask(e.getMessage()), e);
        }
    }

    private FetchedArchive fetchRemote(Distribution.RemoteArchive archive, ArchiveFormat format, DownloadListener listener,
            Cancellation cancellation) throws IOException {
        String sha256 = archive.sha256().toLowerCase(java.util.Locale.ROOT);
        Optional<Path> cached = cache.find(sha256, format);
        if (cached.isPresent()) {
            return new FetchedArchive(cached.get(), false);
        }
        try (InterProcessLock ignored = InterProcessLock.acquire(HomeLayout.of(home).lockFor(HomeLayout.LockKind.CACHE, sha256), cancellation)) {
            cached = cache.find(sha256, format);
            if (cached.isPresent()) {
                return new FetchedArchive(cached.get(), false);
            }
            Path partial = cache.partial(sha256);
            String actual = download(archive.uri(), partial, listener, cancellation).get(Digests.SHA_256);
            if (!actual.equals(sha256)) {
                Files.deleteIfExists(partial);
                throw checksumMismatch(Secrets.mask(archive.uri().toString()), "SHA-256", sha256, actual);
            }
            return new FetchedArchive(cache.commit(partial, sha256, format, Optional.empty()), true);
        }
    }

    private FetchedArchive fetchMaven(Distribution.MavenArtifact artifact, ArchiveFormat format, List<URI> repositories,
            DownloadListener listener, Cancellation cancellation, boolean useLocalRepository) throws IOException {
        if (useLocalRepository) {
            Optional<FetchedArchive> local = fromLocalRepository(artifact);
            if (local.isPresent()) {
                return local.get();
            }
        }
        String key = artifact.fileName();
        Optional<Path> cached = cache.findByKey(key, format);
        if (cached.isPresent()) {
            return new FetchedArchive(cached.get(), false);
        }
        try (InterProcessLock ignored = InterProcessLock.acquire(HomeLayout.of(home).lockFor(HomeLayout.LockKind.CACHE, key), cancellation)) {
            cached = cache.findByKey(key, format);
            if (cached.isPresent()) {
                return new FetchedArchive(cached.get(), false);
            }
            List<String> tried = new ArrayList<>();
            tried.add(localMavenRepository.resolve(artifact.repositoryPath()) + " (local repository)");
            // Two repositories the settings mirror to the same place are tried once.
            List<MavenRepository> routes = repositories.stream().map(settings::route).distinct().toList();
            if (!routes.isEmpty()) {
                LOG.log(System.Logger.Level.INFO, "Looking for {0} in {1}", artifact, routes);
            }
            for (MavenRepository repository : routes) {
                URI location = resolve(repository.url(), artifact.repositoryPath());
                String shown = Secrets.mask(location.toString());
                try {
                    Optional<Path> fetched = fromRepository(location, shown, key, format, tried, listener, cancellation, repository.login());
                    if (fetched.isPresent()) {
                        return new FetchedArchive(fetched.get(), true);
                    }
                } catch (DownloadException e) {
                    // Unreachable or failing after its retries: the next repository may still have the artifact.
                    tried.add(Secrets.mask(e.getMessage()) + loginHint(repository, e.status()));
                }
            }
            if (repositories.isEmpty()) {
                tried.add("no remote repository (none was configured, and the application's build recorded none)");
            }
            throw new ProvisioningException(ProvisioningException.Reason.NOT_IN_MAVEN, artifact.toString(),
                    "Cannot find " + artifact + " in any Maven repository; tried: " + String.join(", ", tried)
                            + ". Configure a repository (or proxy) that has it, or put the jar into the local repository.");
        }
    }

    /**
     * The artifact in the local Maven repository, if present; when Maven stored a {@code .sha1} beside it, the file is
     * hashed on a thread of its own while the caller unpacks it, so that hashing overlaps the unpacking instead of preceding it.
     */
    private Optional<FetchedArchive> fromLocalRepository(Distribution.MavenArtifact artifact) throws IOException {
        Path file = localMavenRepository.resolve(artifact.repositoryPath());
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Path sha1File = file.resolveSibling(file.getFileName() + ".sha1");
        Optional<String> expected = Files.isRegularFile(sha1File) ? Checksums.parsePublished(Files.readString(sha1File)) : Optional.empty();
        if (expected.isEmpty()) {
            return Optional.of(new FetchedArchive(file, false));
        }
        CompletableFuture<Boolean> intact = BackgroundTask.start("beep-python-sha1", () -> {
            try {
                boolean matches = expected.get().equals(Digests.hex(file, Digests.SHA_1).get(Digests.SHA_1));
                if (!matches) {
                    LOG.log(System.Logger.Level.WARNING, "Ignoring {0}: it does not match its .sha1; downloading it instead", file);
                }
                return matches;
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Ignoring {0}: it cannot be read ({1}); downloading it instead", file, e.getMessage());
                return false;
            }
        });
        return Optional.of(new FetchedArchive(file, false, intact));
    }

    /**
     * The artifact from one remote repository, verified against its published checksums; empty when it is not there.
     * The two checksum files are asked for while the artifact downloads (three requests at once, not one after another);
     * a repository that publishes neither gets its download discarded.
     */
    private Optional<Path> fromRepository(URI location, String shown, String key, ArchiveFormat format, List<String> tried, DownloadListener listener,
            Cancellation cancellation, Optional<MavenRepository.Login> login) throws IOException {
        CompletableFuture<Optional<String>> sha1Text = published(URI.create(location + ".sha1"), login, cancellation);
        CompletableFuture<Optional<String>> sha256Text = published(URI.create(location + ".sha256"), login, cancellation);
        Path partial = cache.partial(key);
        Map<String, String> actual;
        try {
            actual = download(location, partial, listener, cancellation, login);
        } catch (DownloadException e) {
            if (e.notFound()) {
                tried.add(shown + " (HTTP " + e.status() + ")");
                return Optional.empty();
            }
            throw e;
        }
        Optional<String> sha1 = joined(sha1Text);
        Optional<String> sha256 = joined(sha256Text);
        if (sha1.isEmpty() && sha256.isEmpty()) {
            Files.deleteIfExists(partial); // unverifiable: never kept, never unpacked
            tried.add(shown + " (no .sha1/.sha256 published)");
            return Optional.empty();
        }
        String actual256 = actual.get(Digests.SHA_256);
        if (sha1.isPresent()) {
            String actual1 = actual.get(Digests.SHA_1);
            if (!actual1.equals(sha1.get())) {
                Files.deleteIfExists(partial);
                throw checksumMismatch(shown, "SHA-1", sha1.get(), actual1);
            }
        }
        if (sha256.isPresent() && !actual256.equals(sha256.get())) {
            Files.deleteIfExists(partial);
            throw checksumMismatch(shown, "SHA-256", sha256.get(), actual256);
        }
        return Optional.of(cache.commit(partial, actual256, format, Optional.of(key)));
    }

    /** A published checksum, fetched on a thread of its own; empty when the repository has none. */
    private CompletableFuture<Optional<String>> published(URI uri, Optional<MavenRepository.Login> login, Cancellation cancellation) {
        return BackgroundTask.start("beep-python-checksum", () -> downloader.fetchText(uri, login, cancellation).flatMap(Checksums::parsePublished));
    }

    /** What a 401 or 403 means for this repository: its server's credentials are missing from the settings, or refused. */
    private static String loginHint(MavenRepository repository, int status) {
        if (status != 401 && status != 403) {
            return "";
        }
        return repository.login().isPresent()
                ? " (the repository refused the credentials of server '" + repository.id() + "' in the Maven settings)"
                : " (the repository wants a login: the Maven settings (~/.m2/settings.xml) have no <server> with id '" + repository.id()
                        + "' and its credentials)";
    }

    private static Optional<String> joined(CompletableFuture<Optional<String>> text) throws IOException {
        try {
            return text.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private Map<String, String> download(URI uri, Path partial, DownloadListener listener, Cancellation cancellation) throws IOException {
        return download(uri, partial, listener, cancellation, Optional.empty());
    }

    private Map<String, String> download(URI uri, Path partial, DownloadListener listener, Cancellation cancellation,
            Optional<MavenRepository.Login> login) throws IOException {
        try {
            return downloader.download(uri, partial, listener, cancellation, login);
        } catch (DownloadException e) {
            if (!e.retryable()) {
                // A definitive answer (404, refused URL): a partial file from it is worthless.
                Files.deleteIfExists(partial);
            }
            throw e;
        }
    }

    private static ProvisioningException checksumMismatch(String location, String algorithm, String expected, String actual) {
        return new ProvisioningException(ProvisioningException.Reason.CHECKSUM_MISMATCH, location,
                "Checksum mismatch for " + location + ": expected " + algorithm + " " + expected + " but the download has " + actual
                        + ". The file was discarded; check the mirror or the configured checksum.");
    }

    private static URI resolve(URI repository, String path) {
        String base = repository.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + path);
    }
}
