package io.beep.python.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Maven repository on 127.0.0.1 serving real files with their {@code .sha1} and {@code .sha256},
 * with {@code Range} support and injectable faults: a connection closed mid-body, an HTTP status
 * for the next N requests (503 then 200), a stall. Every request is recorded, so tests can prove
 * what was (not) downloaded.
 *
 * <pre>{@code
 * try (LoopbackMavenRepository repo = LoopbackMavenRepository.start()) {
 *     repo.publishFromLocalRepository("org.bytedeco", "cpython", "3.13.5-1.5.12", "linux-x86_64", "jar");
 *     repo.failNext(repo.artifactPath(...), 503, 1);
 *     URI base = repo.uri();
 * }
 * }</pre>
 */
public final class LoopbackMavenRepository implements AutoCloseable {

    /** One request as the server saw it. */
    public record Request(String method, String path, Optional<String> range, int status, Optional<String> authorization) {
    }

    private sealed interface Fault permits Status, CloseAfter, Stall, Redirect {
    }

    private record Status(int code) implements Fault {
    }

    private record CloseAfter(long bytes) implements Fault {
    }

    private record Stall(long bytes, long millis) implements Fault {
    }

    private record Redirect(String location) implements Fault {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "loopback-maven-repository");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Path> files = new ConcurrentHashMap<>();
    private final Map<String, byte[]> contents = new ConcurrentHashMap<>();
    private final Map<String, ArrayDeque<Fault>> faults = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private volatile String requiredAuthorization;

    private LoopbackMavenRepository(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static LoopbackMavenRepository start() {
        try {
            return new LoopbackMavenRepository(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository's base URL, ending in {@code /}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/repository/");
    }

    /** The URL of a path inside the repository. */
    public URI uri(String path) {
        return uri().resolve(path);
    }

    public static String artifactPath(String groupId, String artifactId, String version, String classifier, String extension) {
        return groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/" + artifactId + "-" + version
                + (classifier == null || classifier.isEmpty() ? "" : "-" + classifier) + "." + extension;
    }

    /** Serves {@code file} at {@code path} with its {@code .sha1} and {@code .sha256}. */
    public LoopbackMavenRepository publish(String path, Path file) {
        files.put(path, file);
        contents.put(path + ".sha1", digest(file, "SHA-1").getBytes(StandardCharsets.US_ASCII));
        contents.put(path + ".sha256", digest(file, "SHA-256").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /** Serves {@code file} at {@code path} with no checksum files. */
    public LoopbackMavenRepository serve(String path, Path file) {
        files.put(path, file);
        return this;
    }

    /** Serves fixed bytes at {@code path} (for example a forged checksum). */
    public LoopbackMavenRepository serve(String path, byte[] content) {
        contents.put(path, content.clone());
        return this;
    }

    /** Stops serving {@code path} (it answers 404). */
    public LoopbackMavenRepository remove(String path) {
        files.remove(path);
        contents.remove(path);
        return this;
    }

    /** Publishes an artifact found in the local Maven repository under the same path; returns that path. */
    public String publishFromLocalRepository(String groupId, String artifactId, String version, String classifier, String extension) {
        String path = artifactPath(groupId, artifactId, version, classifier, extension);
        Path file = TestPython.localMavenRepository().resolve(path);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing; run the build once so that Maven resolves it");
        }
        publish(path, file);
        return path;
    }

    /** From now on every request without this user's Basic credentials is answered 401, as a company repository does. */
    public LoopbackMavenRepository requireBasicAuth(String user, String password) {
        requiredAuthorization = "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** The next {@code times} requests for {@code path} answer {@code status}. */
    public LoopbackMavenRepository failNext(String path, int status, int times) {
        for (int i = 0; i < times; i++) {
            queue(path).add(new Status(status));
        }
        return this;
    }

    /** The next {@code times} requests for {@code path} send the headers and {@code bytes} of body, then drop the connection. */
    public LoopbackMavenRepository closeAfter(String path, long bytes, int times) {
        for (int i = 0; i < times; i++) {
            queue(path).add(new CloseAfter(bytes));
        }
        return this;
    }

    /** The next request for {@code path} sends {@code bytes} of body, then goes silent for {@code millis} before dropping. */
    public LoopbackMavenRepository stallAfter(String path, long bytes, long millis) {
        queue(path).add(new Stall(bytes, millis));
        return this;
    }

    /** The next request for {@code path} is redirected (302) to {@code location}. */
    public LoopbackMavenRepository redirectNext(String path, String location) {
        queue(path).add(new Redirect(location));
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** GET requests for {@code path} that the server answered with file content (200 or 206). */
    public long downloads(String path) {
        return requests.stream().filter(r -> r.path().equals(path) && r.method().equals("GET")
                && (r.status() == 200 || r.status() == 206)).count();
    }

    private ArrayDeque<Fault> queue(String path) {
        return faults.computeIfAbsent(path, p -> new ArrayDeque<>());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String rawPath = exchange.getRequestURI().getPath();
        String path = rawPath.startsWith("/repository/") ? rawPath.substring("/repository/".length()) : rawPath.substring(1);
        Optional<String> range = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Range"));
        Fault fault;
        synchronized (faults) {
            ArrayDeque<Fault> queue = faults.get(path);
            fault = queue == null ? null : queue.poll();
        }
        try (exchange) {
            String required = requiredAuthorization;
            if (required != null && !required.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                record(exchange, path, range, 401);
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"loopback\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            if (fault instanceof Status status) {
                record(exchange, path, range, status.code());
                exchange.sendResponseHeaders(status.code(), -1);
                return;
            }
            if (fault instanceof Redirect redirect) {
                record(exchange, path, range, 302);
                exchange.getResponseHeaders().set("Location", redirect.location());
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            byte[] bytes = contents.get(path);
            Path file = files.get(path);
            if (bytes == null && file == null) {
                record(exchange, path, range, 404);
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            long length = bytes != null ? bytes.length : Files.size(file);
            long start = range.map(LoopbackMavenRepository::rangeStart).orElse(0L);
            if (start >= length && start > 0) {
                record(exchange, path, range, 416);
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + length);
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            int status = start > 0 ? 206 : 200;
            record(exchange, path, range, status);
            exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
            if (status == 206) {
                exchange.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + (length - 1) + "/" + length);
            }
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, length - start);
            long limit = fault instanceof CloseAfter c ? c.bytes() : fault instanceof Stall s ? s.bytes() : Long.MAX_VALUE;
            OutputStream out = exchange.getResponseBody();
            try (InputStream in = bytes != null ? new java.io.ByteArrayInputStream(bytes) : Files.newInputStream(file)) {
                in.skipNBytes(start);
                copy(in, out, limit);
            }
            if (fault instanceof Stall stall) {
                out.flush();
                sleep(stall.millis());
            }
            if (fault instanceof CloseAfter || fault instanceof Stall) {
                // Closing with bytes still owed makes the server drop the connection: the client sees a body cut short.
                throw new IOException("fault injected: connection dropped mid-body");
            }
        }
    }

    private void record(HttpExchange exchange, String path, Optional<String> range, int status) {
        requests.add(new Request(exchange.getRequestMethod(), path, range, status,
                Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"))));
    }

    private static void copy(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long remaining = limit;
        int n;
        while (remaining > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining))) > 0) {
            out.write(buffer, 0, n);
            remaining -= n;
        }
    }

    private void sleep(long millis) {
        long end = System.currentTimeMillis() + millis;
        while (!closed && System.currentTimeMillis() < end) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static long rangeStart(String header) {
        String spec = header.trim();
        if (!spec.startsWith("bytes=")) {
            return 0;
        }
        String first = spec.substring("bytes=".length()).split(",")[0].trim();
        return Long.parseLong(first.substring(0, first.indexOf('-')));
    }

    private static String digest(Path file, String algorithm) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot digest " + file, e);
        }
    }

    /** The SHA-256 of a file, hex, as tests need it for {@code distribution.sha256}. */
    public static String sha256(Path file) {
        return digest(file, "SHA-256");
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }
}
