package io.beep.python.provision;

import java.io.IOException;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The proxy to download through, from the standard places: the JVM's own settings
 * ({@code https.proxyHost}, {@code http.proxyHost}, {@code java.net.useSystemProxies}) win; then the
 * active {@code <proxies>} of the Maven settings, which the build's downloads use too (with their
 * {@code nonProxyHosts} and credentials); without either, the {@code HTTPS_PROXY} / {@code HTTP_PROXY} /
 * {@code NO_PROXY} environment variables that containers and CI set (upper or lower case, as curl and
 * pip read them). Loopback is always direct.
 */
final class ProxySettings {

    private ProxySettings() {
    }

    static ProxySelector selector(Map<String, String> environment) {
        return selector(environment, MavenSettings.none());
    }

    static ProxySelector selector(Map<String, String> environment, MavenSettings maven) {
        if (!jvmConfigured() && maven.hasProxies()) {
            return new MavenProxySelector(maven);
        }
        if (jvmConfigured() || (env(environment, "https_proxy").isEmpty() && env(environment, "http_proxy").isEmpty())) {
            return ProxySelector.getDefault();
        }
        return new EnvironmentProxySelector(env(environment, "https_proxy"), env(environment, "http_proxy"),
                env(environment, "no_proxy").map(v -> List.of(v.split(","))).orElse(List.of()));
    }

    /**
     * The client's proxy and, where the proxy URL carries user-info ({@code http://user:pass@proxy:3128})
     * or the JVM has {@code http(s).proxyUser}/{@code http(s).proxyPassword}, an authenticator that
     * answers that proxy's 407 and nobody else. The credentials never leave this object: URLs in
     * messages are masked, and the proxy's address is kept without them.
     */
    static HttpClient.Builder apply(HttpClient.Builder builder, Map<String, String> environment) {
        return apply(builder, environment, MavenSettings.none());
    }

    /** As {@link #apply(HttpClient.Builder, Map)}, with the Maven settings' proxies (and their logins) over the environment's. */
    static HttpClient.Builder apply(HttpClient.Builder builder, Map<String, String> environment, MavenSettings maven) {
        builder.proxy(selector(environment, maven));
        Map<String, PasswordAuthentication> credentials = new HashMap<>();
        for (String scheme : List.of("http", "https")) {
            String user = System.getProperty(scheme + ".proxyUser");
            String host = System.getProperty(scheme + ".proxyHost");
            if (user != null && host != null) {
                String port = System.getProperty(scheme + ".proxyPort", scheme.equals("https") ? "443" : "80");
                credentials.put(host.toLowerCase(Locale.ROOT) + ":" + port, new PasswordAuthentication(user,
                        System.getProperty(scheme + ".proxyPassword", "").toCharArray()));
            }
        }
        if (!jvmConfigured() && maven.hasProxies()) {
            for (MavenSettings.ProxyRoute proxy : maven.proxiesWithLogin()) {
                MavenRepository.Login login = proxy.login().orElseThrow();
                credentials.put(proxy.host().toLowerCase(Locale.ROOT) + ":" + proxy.port(),
                        new PasswordAuthentication(login.user(), login.password().toCharArray()));
            }
        } else if (!jvmConfigured()) {
            for (String name : List.of("https_proxy", "http_proxy")) {
                env(environment, name).map(v -> URI.create(v.contains("://") ? v : "http://" + v)).filter(u -> u.getRawUserInfo() != null)
                        .ifPresent(u -> {
                            String[] parts = u.getRawUserInfo().split(":", 2);
                            credentials.putIfAbsent(u.getHost().toLowerCase(Locale.ROOT) + ":" + port(u), new PasswordAuthentication(
                                    URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                                    (parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "").toCharArray()));
                        });
            }
        }
        if (!credentials.isEmpty()) {
            builder.authenticator(new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    if (getRequestorType() != RequestorType.PROXY) {
                        return null;
                    }
                    return credentials.get(String.valueOf(getRequestingHost()).toLowerCase(Locale.ROOT) + ":" + getRequestingPort());
                }
            });
        }
        return builder;
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
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

    /** The Maven settings' choice of proxy per URL; loopback is direct whatever they say. */
    static final class MavenProxySelector extends ProxySelector {
        private final MavenSettings maven;

        MavenProxySelector(MavenSettings maven) {
            this.maven = maven;
        }

        @Override
        public List<Proxy> select(URI uri) {
            if (HttpDownloader.isLoopback(uri.getHost())) {
                return List.of(Proxy.NO_PROXY);
            }
            return List.of(maven.proxy(uri).map(p -> new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(p.host(), p.port())))
                    .orElse(Proxy.NO_PROXY));
        }

        @Override
        public void connectFailed(URI uri, SocketAddress address, IOException failure) {
            // Nothing to fall back to: the download's retries report the failure.
        }
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
            return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(uri.getHost(), port(uri)));
        }
    }
}
