package io.beep.python.packages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beep.python.ProcessResult;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.testing.TestPython;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Issue 34: a variable the user set in the environment the application runs with, for uv, TLS, a proxy or pip,
 * reaches the installer exactly as the user set it, even where their pip.conf says otherwise; pip.conf only fills in
 * what the user left unset. Each case runs a JVM with the user's variable in its own environment (as a shell or a
 * container sets it) and a pip.conf in its home; that JVM computes the installer's environment as the installer does
 * and starts a real Python with it, which prints what it sees.
 */
class UserSettingsWinTest {

    /** Variables this machine may set for everything it runs: each case starts from none of them (empty counts as unset). */
    private static final List<String> NEUTRAL = List.of("UV_INDEX_URL", "UV_DEFAULT_INDEX", "UV_EXTRA_INDEX_URL", "UV_INDEX", "UV_FIND_LINKS",
            "UV_INDEX_STRATEGY", "UV_HTTP_TIMEOUT", "UV_REQUEST_TIMEOUT", "UV_INSECURE_HOST", "SSL_CERT_FILE", "SSL_CERT_DIR", "SSL_CLIENT_CERT",
            "REQUESTS_CA_BUNDLE", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy",
            "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_CERT", "PIP_PROXY", "PIP_FIND_LINKS", "PIP_CONFIG_FILE", "PIP_DEFAULT_TIMEOUT",
            "XDG_CONFIG_HOME", "XDG_CONFIG_DIRS");

    private static final String PIP_CONF = """
            [global]
            index-url = https://pipconf.example/simple
            extra-index-url = https://pipconf-extra.example/simple
            cert = /pipconf/ca.pem
            client-cert = /pipconf/client.pem
            proxy = http://pipconf-proxy.example:3128
            timeout = 33
            """;

    /**
     * One case: the installer, the user's variables, what the child must see (empty: must not be set), and whether uv's
     * command line may carry {@code --index-strategy}.
     */
    record Case(String installer, Map<String, String> user, Map<String, String> expected, boolean strategyOption) {
        @Override
        public String toString() {
            return installer + " with " + user.keySet();
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("uv", Map.of("UV_INDEX_URL", "https://user.example/simple"), Map.of("UV_INDEX_URL", "https://user.example/simple"), true),
                new Case("uv", Map.of("UV_DEFAULT_INDEX", "https://user.example/simple"),
                        Map.of("UV_DEFAULT_INDEX", "https://user.example/simple", "UV_INDEX_URL", ""), true),
                new Case("uv", Map.of("UV_EXTRA_INDEX_URL", "https://user-extra.example/simple"),
                        Map.of("UV_EXTRA_INDEX_URL", "https://user-extra.example/simple"), false),
                new Case("uv", Map.of("UV_INDEX", "https://user-extra.example/simple"),
                        Map.of("UV_INDEX", "https://user-extra.example/simple", "UV_EXTRA_INDEX_URL", ""), false),
                new Case("uv", Map.of("UV_INDEX_STRATEGY", "first-index"), Map.of("UV_INDEX_STRATEGY", "first-index"), false),
                new Case("uv", Map.of("UV_HTTP_TIMEOUT", "600"), Map.of("UV_HTTP_TIMEOUT", "600"), true),
                new Case("uv", Map.of("SSL_CERT_FILE", "/user/ca.pem"), Map.of("SSL_CERT_FILE", "/user/ca.pem"), true),
                new Case("uv", Map.of("SSL_CLIENT_CERT", "/user/client.pem"), Map.of("SSL_CLIENT_CERT", "/user/client.pem"), true),
                new Case("uv", Map.of("SSL_CERT_DIR", "/user/certs"), Map.of("SSL_CERT_DIR", "/user/certs"), true),
                new Case("uv", Map.of("REQUESTS_CA_BUNDLE", "/user/bundle.pem"), Map.of("REQUESTS_CA_BUNDLE", "/user/bundle.pem"), true),
                new Case("uv", Map.of("HTTPS_PROXY", "http://user-proxy:8080"), Map.of("HTTPS_PROXY", "http://user-proxy:8080", "HTTP_PROXY", ""), true),
                new Case("uv", Map.of("https_proxy", "http://user-proxy:8080"), Map.of("https_proxy", "http://user-proxy:8080", "HTTPS_PROXY", "",
                        "HTTP_PROXY", ""), true),
                new Case("uv", Map.of("HTTP_PROXY", "http://user-proxy:8080"), Map.of("HTTP_PROXY", "http://user-proxy:8080", "HTTPS_PROXY", ""), true),
                new Case("uv", Map.of("http_proxy", "http://user-proxy:8080"), Map.of("http_proxy", "http://user-proxy:8080", "HTTP_PROXY", "",
                        "HTTPS_PROXY", ""), true),
                new Case("uv", Map.of("NO_PROXY", "user.example", "no_proxy", "user.example"), Map.of("NO_PROXY", "user.example",
                        "no_proxy", "user.example"), true),
                new Case("pip", Map.of("PIP_INDEX_URL", "https://user.example/simple"), Map.of("PIP_INDEX_URL", "https://user.example/simple"), false),
                new Case("pip", Map.of("PIP_EXTRA_INDEX_URL", "https://user-extra.example/simple"),
                        Map.of("PIP_EXTRA_INDEX_URL", "https://user-extra.example/simple"), false),
                new Case("pip", Map.of("PIP_CERT", "/user/ca.pem", "PIP_PROXY", "http://user-proxy:8080"),
                        Map.of("PIP_CERT", "/user/ca.pem", "PIP_PROXY", "http://user-proxy:8080"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theUsersOwnVariableReachesTheInstallerOverPipConf(Case c, @TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve(".config/pip"));
        Files.writeString(home.resolve(".config/pip/pip.conf"), PIP_CONF);
        Map<String, String> env = new LinkedHashMap<>();
        NEUTRAL.forEach(name -> env.put(name, ""));
        env.putAll(c.user());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessResult child = new ProcessRunner().run(ProcessSpec.of(java.toString(), "-Duser.home=" + home, "-cp",
                System.getProperty("java.class.path"), UserEnvironmentMain.class.getName(), c.installer(), TestPython.executable().toString())
                .withEnvironment(env).withTimeout(Duration.ofMinutes(1)));

        assertThat(child.exitCode()).as(child.stderr()).isZero();
        JsonNode seen = new ObjectMapper().readTree(child.stdout().lines().reduce((a, b) -> b).orElseThrow());
        c.expected().forEach((name, value) -> assertThat(seen.path("env").path(name).asText()).as(name).isEqualTo(value));
        if (c.installer().equals("uv")) {
            // What the user left unset still comes from pip.conf: the index, unless the user named one.
            if (!c.user().containsKey("UV_INDEX_URL") && !c.user().containsKey("UV_DEFAULT_INDEX")) {
                assertThat(seen.path("env").path("UV_INDEX_URL").asText()).isEqualTo("https://pipconf.example/simple");
            }
            assertThat(seen.path("args").toString().contains("--index-strategy")).as("uv's --index-strategy option").isEqualTo(c.strategyOption());
        }
    }
}
