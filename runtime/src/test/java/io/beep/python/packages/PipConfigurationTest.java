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
    void explicitSourcesBecomeUvArgumentsAndOfflineForbidsTheNetwork() {
        var sources = new PackageSources(Optional.of("https://idx/simple"), List.of("https://extra/simple"), List.of("/wheels", "https://links/"), false);
        assertThat(UvInstaller.sourceArguments(sources, Map.of())).containsExactly("--index-url", "https://idx/simple", "--extra-index-url",
                "https://extra/simple", "--index-strategy", "unsafe-best-match", "--find-links", "/wheels", "--find-links", "https://links/");
        var offline = new PackageSources(Optional.of("https://idx/simple"), List.of(), List.of("/wheels", "https://links/"), true);
        assertThat(UvInstaller.sourceArguments(offline, Map.of())).containsExactly("--offline", "--no-index", "--find-links", "/wheels");
        assertThat(PipInstaller.sourceArguments(offline)).containsExactly("--no-index", "--find-links", "/wheels");
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
