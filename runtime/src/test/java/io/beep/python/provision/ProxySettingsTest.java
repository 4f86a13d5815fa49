package io.beep.python.provision;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProxySettingsTest {

    @Test
    void environmentProxiesApplyPerSchemeWithNoProxyExceptions() {
        ProxySelector selector = ProxySettings.selector(Map.of("HTTPS_PROXY", "http://proxy.corp:3128", "no_proxy",
                "nexus.corp, .internal"));

        assertThat(address(selector, "https://repo.maven.apache.org/maven2/x.jar")).isEqualTo("proxy.corp:3128");
        assertThat(selector.select(URI.create("https://nexus.corp/repo/x.jar"))).containsExactly(Proxy.NO_PROXY);
        assertThat(selector.select(URI.create("https://mirror.build.internal/x.tar.gz"))).containsExactly(Proxy.NO_PROXY);
        assertThat(selector.select(URI.create("http://127.0.0.1:8080/x.jar"))).containsExactly(Proxy.NO_PROXY);
    }

    @Test
    void httpProxyServesHttpsWhenNoHttpsProxyIsSet() {
        ProxySelector selector = ProxySettings.selector(Map.of("http_proxy", "proxy.corp:8080"));

        assertThat(address(selector, "https://github.com/x.tar.gz")).isEqualTo("proxy.corp:8080");
    }

    @Test
    void withoutVariablesTheJvmDefaultIsUsed() {
        assertThat(ProxySettings.selector(Map.of())).isSameAs(ProxySelector.getDefault());
    }

    private static String address(ProxySelector selector, String uri) {
        InetSocketAddress address = (InetSocketAddress) selector.select(URI.create(uri)).get(0).address();
        return address.getHostString() + ":" + address.getPort();
    }

    @Test
    void credentialsInHttpProxyAuthenticateToTheProxyAndNeverReachAMessage(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String expected = "Proxy-Authorization: Basic " + java.util.Base64.getEncoder().encodeToString("puser:p@ss".getBytes());
        java.util.List<String> heads = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (HttpFaultsTest.RawServer proxy = HttpFaultsTest.RawServer.start((head, out) -> {
            heads.add(head);
            String response = head.contains(expected) ? "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
                    : "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\nContent-Length: 0\r\n\r\n";
            out.write(response.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        })) {
            String proxyUrl = "http://puser:p%40ss@127.0.0.1:" + proxy.port();
            // Not loopback, so the proxy is used; plain HTTP to it is allowed explicitly.
            URI target = URI.create("http://repo.example.test/file.txt");
            HttpDownloader good = new HttpDownloader(ProxySettings.apply(java.net.http.HttpClient.newBuilder(), Map.of("HTTP_PROXY", proxyUrl))
                    .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build(), Fixtures.FAST_RETRIES, true);
            Path part = dir.resolve("file.part");
            good.download(target, part, DownloadListener.none(), io.beep.python.process.Cancellation.none());
            assertThat(part).hasContent("hello");
            assertThat(heads).anySatisfy(h -> assertThat(h).startsWith("GET http://repo.example.test/file.txt").contains(expected));

            HttpDownloader wrong = new HttpDownloader(ProxySettings.apply(java.net.http.HttpClient.newBuilder(),
                    Map.of("HTTP_PROXY", "http://puser:wr0ng@127.0.0.1:" + proxy.port())).build(), Fixtures.FAST_RETRIES, true);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> wrong.download(target, dir.resolve("other.part"), DownloadListener.none(),
                    io.beep.python.process.Cancellation.none()))
                    .isInstanceOf(java.io.IOException.class).hasMessageNotContaining("wr0ng").hasMessageNotContaining("p@ss");
        }
    }
}
