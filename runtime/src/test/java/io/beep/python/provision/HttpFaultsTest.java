package io.beep.python.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Servers that break HTTP itself, spoken on a real loopback socket: a TLS handshake against a
 * plain server, a redirect loop, a Content-Length that lies, a connection reset. Each ends in a
 * clear error naming the URL without its credentials, within a bounded time, and leaves no
 * verified file behind. (5xx, 404, stalls and drops mid-body are in {@link DownloadFaultsTest}.)
 */
class HttpFaultsTest {

    @TempDir
    Path dir;

    RawServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aTlsHandshakeThatFailsIsReportedNamingTheMaskedUrl() {
        server = RawServer.start((request, out) -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        URI uri = URI.create("https://deploy:s3cr3t@127.0.0.1:" + server.port() + "/python.tar.gz");

        long begin = System.nanoTime();
        assertThatThrownBy(() -> downloader().download(uri, dir.resolve("a.part"), DownloadListener.none(), Cancellation.none()))
                .isInstanceOf(DownloadException.class)
                .hasMessageContaining("https://***@127.0.0.1:" + server.port() + "/python.tar.gz")
                .hasMessageContaining("failed after 4 attempts")
                .hasMessageNotContaining("s3cr3t");
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void aRedirectLoopEndsAfterTenHopsWithoutRetrying() {
        server = RawServer.start((request, out) -> write(out, "HTTP/1.1 302 Found\r\nLocation: /again\r\nContent-Length: 0\r\n\r\n"));
        URI uri = URI.create("http://u:pw@127.0.0.1:" + server.port() + "/start");

        assertThatThrownBy(() -> downloader().download(uri, dir.resolve("b.part"), DownloadListener.none(), Cancellation.none()))
                .isInstanceOf(DownloadException.class).hasMessageContaining("More than 10 redirects")
                .hasMessageContaining("http://***@127.0.0.1:" + server.port() + "/start").hasMessageNotContaining("pw");
        assertThat(server.requests()).isEqualTo(11);
    }

    @Test
    void aContentLengthLongerThanTheBodyIsRetriedAndThenReportedNamingTheUrl() {
        server = RawServer.start((request, out) -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\nonly a little"));
        URI uri = URI.create("http://127.0.0.1:" + server.port() + "/short");

        assertThatThrownBy(() -> downloader().download(uri, dir.resolve("c.part"), DownloadListener.none(), Cancellation.none()))
                .isInstanceOf(DownloadException.class).hasMessageContaining("/short").hasMessageContaining("attempts");
        assertThat(server.requests()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aConnectionResetIsRetriedAndThenReportedNamingTheUrl() {
        server = RawServer.start((request, out) -> {
            throw new ResetConnection();
        });
        URI uri = URI.create("http://127.0.0.1:" + server.port() + "/reset");

        assertThatThrownBy(() -> downloader().download(uri, dir.resolve("d.part"), DownloadListener.none(), Cancellation.none()))
                .isInstanceOf(DownloadException.class).hasMessageContaining("/reset").hasMessageContaining("failed after 4 attempts");
        // Our four attempts; the JDK client itself retries an idempotent GET once on a reset connection.
        assertThat(server.requests()).isBetween(4, 8);
    }

    @Test
    void aLyingServerBehindAUrlSourceInstallsNothing() throws IOException {
        server = RawServer.start((request, out) -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\nonly a little"));
        Path home = dir.resolve("home");
        PythonProvisioner provisioner = Fixtures.provisioner(home, new ProcessRunner(), dir.resolve("m2"));

        assertThatThrownBy(() -> provisioner.provision(Fixtures.url("3.13", URI.create("http://127.0.0.1:" + server.port()
                + "/python.tar.gz"), "0".repeat(64)), DownloadListener.none(), Cancellation.none()))
                .isInstanceOf(ProvisioningException.class).hasMessageContaining("/python.tar.gz");
        try (var files = Files.walk(home)) {
            assertThat(files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".lock")).toList())
                    .as("nothing unverified is kept").allSatisfy(f -> assertThat(f.toString()).endsWith(".part"));
        }
        assertThat(home.resolve("embedded")).satisfiesAnyOf(e -> assertThat(e).doesNotExist(), e -> assertThat(e).isEmptyDirectory());
    }

    private static HttpDownloader downloader() {
        return new HttpDownloader(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build(), Fixtures.FAST_RETRIES, false);
    }

    private static void write(OutputStream out, String response) throws IOException {
        out.write(response.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Thrown by a handler to close the connection with a TCP reset. */
    static final class ResetConnection extends IOException {
    }

    /** A one-thread socket server: reads a request's head (request line and headers), lets the handler answer, closes. */
    static final class RawServer implements AutoCloseable {
        interface Handler {
            void handle(String head, OutputStream out) throws IOException;
        }

        private final ServerSocket socket;
        private final AtomicInteger requests = new AtomicInteger();

        private RawServer(ServerSocket socket, Handler handler) {
            this.socket = socket;
            Thread loop = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket client = socket.accept()) {
                        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
                        StringBuilder head = new StringBuilder();
                        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                            head.append(line).append('\n');
                        }
                        requests.incrementAndGet();
                        try {
                            handler.handle(head.toString(), client.getOutputStream());
                        } catch (ResetConnection e) {
                            client.setSoLinger(true, 0);
                        }
                    } catch (IOException e) {
                        // The client gave up (a TLS hello on a plain socket), or we are closing.
                    }
                }
            }, "raw-http");
            loop.setDaemon(true);
            loop.start();
        }

        static RawServer start(Handler handler) {
            try {
                return new RawServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), handler);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        int requests() {
            return requests.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

}
