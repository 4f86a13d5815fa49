package io.beep.python.packages;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PipConfigurationTest {

    @Test
    void pipsFilesAndVariablesBecomeUvVariablesWithPipsPrecedence(@TempDir Path home) throws Exception {
        Path userConf = home.resolve(".config/pip/pip.conf");
        Files.createDirectories(userConf.getParent());
        Files.writeString(userConf, """
                [global]
                index-url = https://mirror.example/simple
                extra-index-url =
                    https://one.example/simple
                    https://two.example/simple
                cert = /etc/ssl/corp.pem
                trusted-host = mirror.example
                [install]
                index-url = https://install-mirror.example/simple
                [download]
                index-url = https://ignored.example/simple
                """);
        Map<String, String> env = Map.of("PIP_FIND_LINKS", "/opt/wheels /srv/wheels", "PIP_DEFAULT_TIMEOUT", "180",
                "XDG_CONFIG_DIRS", home.resolve("none").toString());
        Map<String, String> uv = PipConfiguration.load(env, home, Optional.empty()).toUvEnvironment();
        assertThat(uv).containsEntry("UV_INDEX_URL", "https://install-mirror.example/simple")
                .containsEntry("UV_EXTRA_INDEX_URL", "https://one.example/simple https://two.example/simple")
                .containsEntry("UV_FIND_LINKS", "/opt/wheels,/srv/wheels")
                .containsEntry("SSL_CERT_FILE", "/etc/ssl/corp.pem")
                .containsEntry("UV_INSECURE_HOST", "mirror.example")
                .containsEntry("UV_HTTP_TIMEOUT", "180");

        Map<String, String> overridden = PipConfiguration.load(Map.of("PIP_INDEX_URL", "https://env.example/simple",
                "XDG_CONFIG_DIRS", home.resolve("none").toString()), home, Optional.empty()).toUvEnvironment();
        assertThat(overridden).containsEntry("UV_INDEX_URL", "https://env.example/simple");

        Map<String, String> disabled = PipConfiguration.load(Map.of("PIP_CONFIG_FILE", "/dev/null"), home, Optional.empty()).toUvEnvironment();
        assertThat(disabled).doesNotContainKey("UV_INDEX_URL");
    }

    @Test
    void explicitSourcesBecomeUvArgumentsAndVariablesAndOfflineForbidsTheNetwork() {
        var sources = new PackageSources(Optional.of("https://idx/simple"), List.of("https://extra/simple"), List.of("/wheels", "https://links/"), false);
        InstallerSources uv = InstallerSources.uv(sources, Map.of("UV_INDEX_URL", "https://configured/simple"));
        assertThat(uv.arguments()).containsExactly("--index-strategy", "unsafe-best-match", "--find-links", "/wheels", "--find-links", "https://links/");
        assertThat(uv.environment()).containsEntry("UV_INDEX_URL", "https://idx/simple").containsEntry("UV_EXTRA_INDEX_URL", "https://extra/simple");
        var offline = new PackageSources(Optional.of("https://idx/simple"), List.of(), List.of("/wheels", "https://links/"), true);
        InstallerSources uvOffline = InstallerSources.uv(offline, Map.of("UV_INDEX_URL", "https://configured/simple"));
        assertThat(uvOffline.arguments()).containsExactly("--offline", "--no-index", "--find-links", "/wheels");
        assertThat(uvOffline.environment()).doesNotContainKeys("UV_INDEX_URL", "UV_EXTRA_INDEX_URL");
        PipConfiguration none = PipConfiguration.load(Map.of("PIP_CONFIG_FILE", "/dev/null"), Path.of("/nonexistent"), Optional.empty());
        InstallerSources pipOffline = InstallerSources.pip(offline, none);
        assertThat(pipOffline.arguments()).containsExactly("--no-index", "--find-links", "/wheels");
        assertThat(pipOffline.environment()).isEmpty();
    }

    @Test
    void credentialsGoByVariableWithPipsConfiguredValuesKeptAndPlainLocationsStayOptions() {
        var sources = new PackageSources(Optional.of("https://u:pw@idx/simple"), List.of("https://u:pw2@extra/simple"),
                List.of("/wheels", "https://u:pw3@links/"), false);
        PipConfiguration configured = PipConfiguration.load(Map.of("PIP_CONFIG_FILE", "/dev/null", "PIP_EXTRA_INDEX_URL", "https://conf/simple",
                "PIP_FIND_LINKS", "/opt/wheels"), Path.of("/nonexistent"), Optional.empty());
        InstallerSources pip = InstallerSources.pip(sources, configured);
        assertThat(String.join(" ", pip.arguments())).doesNotContain("pw");
        assertThat(pip.arguments()).containsExactly("--find-links", "/wheels");
        // pip adds a command line's list values to its configuration's; the variable replaces them, so it carries them.
        assertThat(pip.environment()).containsEntry("PIP_INDEX_URL", "https://u:pw@idx/simple")
                .containsEntry("PIP_EXTRA_INDEX_URL", "https://conf/simple https://u:pw2@extra/simple")
                .containsEntry("PIP_FIND_LINKS", "/opt/wheels https://u:pw3@links/");
        InstallerSources uv = InstallerSources.uv(sources, Map.of());
        assertThat(String.join(" ", uv.arguments())).doesNotContain("pw");
        assertThat(uv.environment()).containsEntry("UV_INDEX_URL", "https://u:pw@idx/simple")
                .containsEntry("UV_EXTRA_INDEX_URL", "https://u:pw2@extra/simple").containsEntry("UV_FIND_LINKS", "/wheels,https://u:pw3@links/");
    }

    @Test
    void theEffectiveIndexIsTheGivenOneElsePipsConfiguredOneElsePipsDefault(@TempDir Path home) throws Exception {
        Map<String, String> noFiles = Map.of("XDG_CONFIG_DIRS", home.resolve("none").toString());
        PackageSources unset = PackageSources.defaults();
        assertThat(unset.effectiveIndexUrl(noFiles, home)).hasValue(PackageSources.PIP_DEFAULT_INDEX_URL);
        assertThat(unset.effectiveIndexUrl(Map.of("PIP_INDEX_URL", "https://env.example/simple", "XDG_CONFIG_DIRS", "/none"), home))
                .hasValue("https://env.example/simple");
        Path userConf = Files.createDirectories(home.resolve(".config/pip")).resolve("pip.conf");
        Files.writeString(userConf, "[global]\nindex-url = https://conf.example/simple\n");
        assertThat(unset.effectiveIndexUrl(noFiles, home)).hasValue("https://conf.example/simple");
        PackageSources given = new PackageSources(Optional.of("https://given.example/simple"), List.of(), List.of(), false);
        assertThat(given.effectiveIndexUrl(noFiles, home)).hasValue("https://given.example/simple");
        assertThat(new PackageSources(Optional.empty(), List.of(), List.of(), true).effectiveIndexUrl(noFiles, home)).isEmpty();
    }
}
