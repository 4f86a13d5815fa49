package io.beep.python.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A PEP 503 "simple" package index on 127.0.0.1 serving real wheel bytes: wheels built by
 * {@link WheelBuilder}, wheel files from disk, and the {@code pip} wheel bundled with an
 * interpreter ({@code ensurepip/_bundled/}). It records every request, so a test can assert that
 * nothing was fetched, and can demand HTTP basic authentication, so a test can put credentials in
 * the index URL and check that they never leak.
 *
 * <pre>{@code
 * try (var index = LoopbackPackageIndex.start()) {
 *     index.add(WheelBuilder.wheel("alpha", "1.0"));
 *     // pip install --index-url index.url() alpha
 * }
 * }</pre>
 * Layout: {@code /simple/} (project list), {@code /simple/{normalized-name}/} (links with
 * {@code #sha256=} fragments), {@code /files/{file}} (the bytes).
 */
public final class LoopbackPackageIndex implements AutoCloseable {

    private static final Pattern WHEEL_NAME = Pattern.compile("^([^-]+)-([^-]+)-.*\\.whl$");

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile String expectedAuthorization;
    private final Map<String, Stall> stalls = new ConcurrentHashMap<>();
    private volatile Runnable onRequest = () -> {
    };
    private volatile int failingStatus;

    private LoopbackPackageIndex(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts an empty index on a free loopback port. */
    public static LoopbackPackageIndex start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
            // Installers fetch in parallel (uv especially); one dispatcher thread would serialize them.
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "loopback-package-index");
                t.setDaemon(true);
                return t;
            });
            LoopbackPackageIndex index = new LoopbackPackageIndex(server, executor);
            server.createContext("/", index::handle);
            server.setExecutor(executor);
            server.start();
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT/simple/}, the value for {@code --index-url}. */
    public String url() {
        return base() + "/simple/";
    }

    /** {@link #url()} with {@code user:password@} in it, for indexes that demand basic authentication. */
    public String url(String user, String password) {
        return "http://" + enc(user) + ":" + enc(password) + "@127.0.0.1:" + server.getAddress().getPort() + "/simple/";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Serves the wheel {@code builder} builds. */
    public LoopbackPackageIndex add(WheelBuilder builder) {
        return add(builder.fileName(), builder.build());
    }

    public LoopbackPackageIndex add(WheelBuilder... builders) {
        for (WheelBuilder builder : builders) {
            add(builder);
        }
        return this;
    }

    /** Serves {@code bytes} as the file {@code fileName} (a wheel name: {@code {name}-{version}-{tags}.whl}). */
    public LoopbackPackageIndex add(String fileName, byte[] bytes) {
        if (!WHEEL_NAME.matcher(fileName).matches()) {
            throw new IllegalArgumentException("Not a wheel file name: " + fileName);
        }
        files.put(fileName, bytes.clone());
        return this;
    }

    /** Serves a wheel file from disk. */
    public LoopbackPackageIndex add(Path wheel) {
        try {
            return add(wheel.getFileName().toString(), Files.readAllBytes(wheel));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Serves the {@code pip} wheel bundled with the interpreter installed under {@code prefix}
     * (found as {@code lib/python3.X/ensurepip/_bundled/pip-*.whl}), so that installing or
     * upgrading pip works without the internet. Returns the pip version served.
     */
    public String addBundledPip(Path prefix) {
        Path wheel = bundledPip(prefix).orElseThrow(() -> new IllegalArgumentException("No ensurepip/_bundled/pip-*.whl under " + prefix));
        add(wheel);
        Matcher m = WHEEL_NAME.matcher(wheel.getFileName().toString());
        m.matches();
        return m.group(2);
    }

    /** The pip wheel bundled with the interpreter under {@code prefix}, if any. */
    public static Optional<Path> bundledPip(Path prefix) {
        Path lib = prefix.resolve("lib");
        if (!Files.isDirectory(lib)) {
            return Optional.empty();
        }
        try (Stream<Path> found = Files.find(lib, 4, (p, a) -> p.getFileName().toString().matches("pip-.*\\.whl")
                && p.getParent().getFileName().toString().equals("_bundled"))) {
            return found.findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** From now on every request must carry HTTP basic authentication with these credentials (401 otherwise). */
    public LoopbackPackageIndex requireBasicAuth(String user, String password) {
        expectedAuthorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /**
     * From now on a download of {@code fileName} sends its headers and half its bytes, then waits until the returned
     * stall is closed (or 5 minutes pass): an install that is in progress for as long as the test needs it to be.
     */
    public Stall stall(String fileName) {
        Stall stall = new Stall();
        stalls.put(fileName, stall);
        return stall;
    }

    /** A download the index holds half-sent; {@link #close()} lets it finish. */
    public static final class Stall implements AutoCloseable {
        private final CountDownLatch requested = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        /** Whether the download started (and is held) within {@code timeout}. */
        public boolean awaitRequest(Duration timeout) throws InterruptedException {
            return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            released.countDown();
        }
    }

    /**
     * Runs {@code action} on every request before it is answered, while the client waits: a test can look at the
     * requesting process as it runs.
     */
    public LoopbackPackageIndex onRequest(Runnable action) {
        onRequest = action;
        return this;
    }

    /** From now on every request is answered with HTTP {@code status} (a broken index: 501, 503 ...). */
    public LoopbackPackageIndex answerEverythingWith(int status) {
        failingStatus = status;
        return this;
    }

    /** Every request path so far, in order (e.g. {@code /simple/alpha/}, {@code /files/alpha-1.0-py3-none-any.whl}). */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** The file names fetched so far (the {@code /files/} requests). */
    public List<String> requestedFiles() {
        List<String> fetched = new ArrayList<>();
        for (String path : requests) {
            if (path.startsWith("/files/")) {
                fetched.add(path.substring("/files/".length()));
            }
        }
        return fetched;
    }

    /** Forgets the requests recorded so far. */
    public void clearRequests() {
        requests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            requests.add(path);
            onRequest.run();
            if (failingStatus != 0) {
                send(exchange, failingStatus, "text/plain", ("status " + failingStatus).getBytes(StandardCharsets.UTF_8));
                return;
            }
            String expected = expectedAuthorization;
            if (expected != null && !expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"loopback-index\"");
                send(exchange, 401, "text/plain", "authentication required".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (path.equals("/simple/") || path.equals("/simple")) {
                send(exchange, 200, "text/html", projectList().getBytes(StandardCharsets.UTF_8));
            } else if (path.startsWith("/simple/")) {
                String project = normalize(path.substring("/simple/".length()).replaceAll("/+$", ""));
                String page = projectPage(project);
                if (page == null) {
                    send(exchange, 404, "text/plain", ("no project " + project).getBytes(StandardCharsets.UTF_8));
                } else {
                    send(exchange, 200, "text/html", page.getBytes(StandardCharsets.UTF_8));
                }
            } else if (path.startsWith("/files/")) {
                byte[] bytes = files.get(path.substring("/files/".length()));
                Stall stall = stalls.get(path.substring("/files/".length()));
                if (bytes == null) {
                    send(exchange, 404, "text/plain", "no such file".getBytes(StandardCharsets.UTF_8));
                } else if (stall != null) {
                    sendStalled(exchange, bytes, stall);
                } else {
                    send(exchange, 200, "application/octet-stream", bytes);
                }
            } else {
                send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private String projectList() {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><body>\n");
        new TreeMap<>(byProject()).keySet().forEach(p -> html.append("<a href=\"").append(p).append("/\">").append(p).append("</a>\n"));
        return html.append("</body></html>\n").toString();
    }

    private String projectPage(String project) {
        List<String> names = byProject().get(project);
        if (names == null) {
            return null;
        }
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><body>\n");
        for (String name : names) {
            html.append("<a href=\"/files/").append(name).append("#sha256=").append(WheelBuilder.sha256Hex(files.get(name)))
                    .append("\">").append(name).append("</a>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    private Map<String, List<String>> byProject() {
        Map<String, List<String>> projects = new TreeMap<>();
        new TreeMap<>(files).keySet().forEach(file -> {
            Matcher m = WHEEL_NAME.matcher(file);
            if (m.matches()) {
                projects.computeIfAbsent(normalize(m.group(1)), k -> new ArrayList<>()).add(file);
            }
        });
        return projects;
    }

    private static void sendStalled(HttpExchange exchange, byte[] body, Stall stall) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body, 0, body.length / 2);
        exchange.getResponseBody().flush();
        stall.requested.countDown();
        try {
            stall.released.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        exchange.getResponseBody().write(body, body.length / 2, body.length - body.length / 2);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
