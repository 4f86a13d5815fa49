package io.beep.python.provision;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
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
}
