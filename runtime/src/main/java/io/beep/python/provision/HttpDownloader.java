package io.beep.python.provision;

import io.beep.python.Secrets;
import io.beep.python.process.Cancellation;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Downloads over the JDK HTTP client with the care a startup path needs: redirects followed by hand
 * (so that none downgrades to plain HTTP), a silence time-out on the body, retries with back-off on
 * 5xx and broken connections, {@code Range} resume from the bytes already on disk, progress and
 * cancellation. Credentials in a URL's user-info, or a repository's login from the Maven settings, become a Basic
 * header sent only to that URL's scheme, host and port: never to where a redirect leads elsewhere.
 */
final class HttpDownloader {

    private static final System.Logger LOG = System.getLogger(HttpDownloader.class.getName());
    private static final int MAX_REDIRECTS = 10;
    private static final Set<Integer> RETRYABLE = Set.of(408, 425, 429, 500, 502, 503, 504);
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final Supplier<HttpClient> client;
    private final DownloadPolicy policy;
    private final boolean allowInsecureHttp;

    HttpDownloader(HttpClient client, DownloadPolicy policy, boolean allowInsecureHttp) {
        this(() -> client, policy, allowInsecureHttp);
    }

    /** A client made on the first request: building one is slow in a fresh JVM, and a local archive never needs it. */
    HttpDownloader(Supplier<HttpClient> client, DownloadPolicy policy, boolean allowInsecureHttp) {
        this.client = client;
        this.policy = policy;
        this.allowInsecureHttp = allowInsecureHttp;
    }

    /** A small text file (a published checksum); empty when the server says 404 or 410. */
    Optional<String> fetchText(URI uri, Cancellation cancellation) throws IOException {
        return fetchText(uri, Optional.empty(), cancellation);
    }

    /** As {@link #fetchText(URI, Cancellation)}, logging in to {@code uri}'s host with {@code login}. */
    Optional<String> fetchText(URI uri, Optional<MavenRepository.Login> login, Cancellation cancellation) throws IOException {
        MemoryTarget target = new MemoryTarget();
        try {
            transfer(uri, target, DownloadListener.none(), cancellation, login);
            return Optional.of(target.text());
        } catch (DownloadException e) {
            if (e.notFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Downloads {@code uri} into {@code part}, resuming from whatever {@code part} already holds, and returns the
     * file's SHA-1 and SHA-256 (hex, by algorithm), computed as the bytes arrive instead of by reading the file again.
     */
    Map<String, String> download(URI uri, Path part, DownloadListener listener, Cancellation cancellation) throws IOException {
        return download(uri, part, listener, cancellation, Optional.empty());
    }

    /** As {@link #download(URI, Path, DownloadListener, Cancellation)}, logging in to {@code uri}'s host with {@code login}. */
    Map<String, String> download(URI uri, Path part, DownloadListener listener, Cancellation cancellation,
            Optional<MavenRepository.Login> login) throws IOException {
        Files.createDirectories(part.getParent());
        FileTarget target = new FileTarget(part);
        transfer(uri, target, listener, cancellation, login);
        return target.digests();
    }

    private void transfer(URI uri, DownloadTarget target, DownloadListener listener, Cancellation cancellation,
            Optional<MavenRepository.Login> login) throws IOException {
        requireAllowed(uri);
        int failures = 0;
        while (true) {
            cancellation.throwIfCancelled();
            long before = target.size();
            IOException failure;
            try {
                attempt(uri, target, listener, cancellation, login);
                return;
            } catch (DownloadException e) {
                if (!e.retryable()) {
                    throw e;
                }
                failure = e;
            } catch (IOException e) {
                if (DiskErrors.noSpaceLeft(e)) {
                    // Retrying cannot help, and the partial file holds the space the user needs back.
                    target.reset();
                    throw new DownloadException("No space left to download " + Secrets.mask(uri.toString()) + ": " + e.getMessage()
                            + "; the partial file was removed", 0, false);
                }
                failure = e;
            }
            // An attempt that moved bytes earns a fresh set of retries: a flaky link still finishes.
            failures = target.size() > before ? 1 : failures + 1;
            if (failures >= policy.maxAttempts()) {
                throw new DownloadException("Download of " + Secrets.mask(uri.toString()) + " failed after " + failures
                        + " attempts: " + failure.getMessage(), failure instanceof DownloadException d ? d.status() : 0, false);
            }
            LOG.log(System.Logger.Level.INFO, "Download of {0} failed ({1}); retrying from byte {2}",
                    Secrets.mask(uri.toString()), failure.getMessage(), target.size());
            pause(policy.backoff(failures), cancellation);
        }
    }

    /** One request (plus redirects); returns when the body is complete. */
    private void attempt(URI uri, DownloadTarget target, DownloadListener listener, Cancellation cancellation,
            Optional<MavenRepository.Login> login) throws IOException {
        URI current = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            long offset = target.size();
            boolean home = sameOrigin(current, uri);
            HttpRequest request = request(current, offset, home ? uri.getRawUserInfo() : null, home ? login : Optional.empty());
            AtomicReference<TargetSubscriber> subscriber = new AtomicReference<>();
            CompletableFuture<HttpResponse<Void>> future = client.get().sendAsync(request, info -> {
                int status = info.statusCode();
                if (status == 200 || status == 206) {
                    TargetSubscriber s = new TargetSubscriber(target, listener, info, offset);
                    subscriber.set(s);
                    return s;
                }
                return BodySubscribers.discarding();
            });
            HttpResponse<Void> response = await(future, subscriber, current, cancellation);
            int status = response.statusCode();
            if (status == 200 || status == 206) {
                TargetSubscriber s = subscriber.get();
                if (s.expectedEnd() >= 0 && target.size() != s.expectedEnd()) {
                    throw new IOException("connection closed after " + target.size() + " of " + s.expectedEnd() + " bytes");
                }
                return;
            }
            if (REDIRECTS.contains(status)) {
                String location = response.headers().firstValue("Location")
                        .orElseThrow(() -> new DownloadException("Redirect without Location from " + Secrets.mask(request.uri().toString()), status, false));
                current = resolve(current, location);
                requireAllowed(current);
                continue;
            }
            if (status == 416 && offset > 0) {
                // What we kept from an earlier attempt no longer fits the file on the server: start over.
                target.reset();
                throw new DownloadException("Server refused to resume at byte " + offset, status, true);
            }
            throw new DownloadException("HTTP " + status + " from " + Secrets.mask(current.toString()), status, RETRYABLE.contains(status));
        }
        throw new DownloadException("More than " + MAX_REDIRECTS + " redirects from " + Secrets.mask(uri.toString()), 0, false);
    }

    private HttpResponse<Void> await(CompletableFuture<HttpResponse<Void>> future, AtomicReference<TargetSubscriber> subscriber,
            URI uri, Cancellation cancellation) throws IOException {
        long silenceLimit = policy.readTimeout().toNanos();
        long sentAt = System.nanoTime();
        while (true) {
            try {
                return future.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                TargetSubscriber s = subscriber.get();
                long lastActivity = s == null ? sentAt : s.lastActivity();
                if (cancellation.isCancelled()) {
                    abort(future, s, new IOException("cancelled"));
                    cancellation.throwIfCancelled();
                }
                if (System.nanoTime() - lastActivity > silenceLimit) {
                    IOException silence = new IOException("no data from " + Secrets.mask(uri.getHost()) + " for "
                            + policy.readTimeout().toSeconds() + " s");
                    abort(future, s, silence);
                    throw silence;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abort(future, subscriber.get(), new IOException("interrupted"));
                throw new IOException("Download interrupted", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                throw new IOException(String.valueOf(cause.getMessage()), cause);
            }
        }
    }

    private static void abort(CompletableFuture<?> future, TargetSubscriber subscriber, IOException reason) {
        if (subscriber != null) {
            subscriber.abort(reason);
        }
        future.cancel(true);
    }

    private HttpRequest request(URI uri, long offset, String userInfo, Optional<MavenRepository.Login> login) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(withoutUserInfo(uri)).GET().timeout(policy.readTimeout())
                .header("User-Agent", "beep-python");
        if (offset > 0) {
            builder.header("Range", "bytes=" + offset + "-");
        }
        if (userInfo != null) {
            String decoded = java.net.URLDecoder.decode(userInfo, StandardCharsets.UTF_8);
            builder.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8)));
        } else if (login.isPresent()) {
            String pair = login.get().user() + ":" + login.get().password();
            builder.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return builder.build();
    }

    /** Plain HTTP only to loopback or when explicitly allowed; everything else must be HTTPS. */
    void requireAllowed(URI uri) throws DownloadException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https") || (scheme.equals("http") && (allowInsecureHttp || isLoopback(uri.getHost())))) {
            return;
        }
        throw DownloadException.refused("Refusing " + Secrets.mask(uri.toString()) + ": downloads must use HTTPS (plain HTTP is"
                + " allowed only to loopback, unless insecure HTTP is allowed)");
    }

    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Only literal addresses: resolving a name here would let DNS decide what counts as local.
        if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && a.getPort() == b.getPort()
                && String.valueOf(a.getScheme()).equalsIgnoreCase(String.valueOf(b.getScheme()));
    }

    private static URI resolve(URI base, String location) throws DownloadException {
        try {
            return base.resolve(new URI(location));
        } catch (URISyntaxException e) {
            throw new DownloadException("Bad redirect Location '" + Secrets.mask(location) + "'", 0, false);
        }
    }

    static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        String text = uri.toString();
        return URI.create(text.replaceFirst("//[^/@]*@", "//"));
    }

    private static void pause(java.time.Duration duration, Cancellation cancellation) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            cancellation.throwIfCancelled();
            try {
                Thread.sleep(Math.min(50, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
