package io.beep.python.provision;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The proxy to download through, from the standard places: the JVM's own settings
 * ({@code https.proxyHost}, {@code http.proxyHost}, {@code java.net.useSystemProxies}) win; without
 * them, the {@code HTTPS_PROXY} / {@code HTTP_PROXY} / {@code NO_PROXY} environment variables that
 * containers and CI set (upper or lower case, as curl and pip read them). Loopback is always direct.
 */
final class ProxySettings {

    private ProxySettings() {
    }

    static ProxySelector selector(Map<String, String> environment) {
        if (jvmConfigured() || (env(environment, "https_proxy").isEmpty() && env(environment, "http_proxy").isEmpty())) {
            return ProxySelector.getDefault();
        }
        return new EnvironmentProxySelector(env(environment, "https_proxy"), env(environment, "http_proxy"),
                env(environment, "no_proxy").map(v -> List.of(v.split(","))).orElse(List.of()));
    }

    private static boolean jvmConfigured() {
        return System.getProperty("https.proxyHost") != null || System.getProperty("http.proxyHost") != null
                || Boolean.getBoolean("java.net.useSystemProxies");
    }

    private static Optional<String> env(Map<String, String> environment, String name) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            value = environment.get(name.toUpperCase(Locale.ROOT));
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    static final class EnvironmentProxySelector extends ProxySelector {
        private final Optional<Proxy> https;
        private final Optional<Proxy> http;
        private final List<String> noProxy;

        EnvironmentProxySelector(Optional<String> https, Optional<String> http, List<String> noProxy) {
            this.http = http.map(EnvironmentProxySelector::proxy);
            this.https = https.map(EnvironmentProxySelector::proxy).or(() -> this.http);
            this.noProxy = noProxy.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
        }

        @Override
        public List<Proxy> select(URI uri) {
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            if (HttpDownloader.isLoopback(host) || bypassed(host)) {
                return List.of(Proxy.NO_PROXY);
            }
            Optional<Proxy> proxy = "https".equalsIgnoreCase(uri.getScheme()) ? https : http;
            return List.of(proxy.orElse(Proxy.NO_PROXY));
        }

        boolean bypassed(String host) {
            for (String entry : noProxy) {
                if (entry.equals("*")) {
                    return true;
                }
                String suffix = entry.startsWith("*.") ? entry.substring(1) : entry.startsWith(".") ? entry : "." + entry;
                String exact = suffix.substring(1);
                if (host.equals(exact) || host.endsWith(suffix)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void connectFailed(URI uri, SocketAddress address, IOException failure) {
            // Nothing to fall back to: the download's retries report the failure.
        }

        private static Proxy proxy(String value) {
            URI uri = URI.create(value.contains("://") ? value : "http://" + value);
            int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(uri.getHost(), port));
        }
    }
}
