package io.beep.python.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beep.python.process.Cancellation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Issue 34: settings.xml at run time and in the CLI is read by Maven's own code: mirror rules as Maven's resolver
 * applies them, servers' credentials (user over global, encrypted ones decrypted), proxies with nonProxyHosts.
 */
class MavenSettingsTest {

    @TempDir
    Path dir;

    @Test
    void mirrorRulesAreMavensOwnExternalStarExclusionsAndLists() {
        MavenSettings settings = Fixtures.settings(dir, """
                <settings>
                  <mirrors>
                    <mirror><id>corp-all</id><mirrorOf>external:*,!corp-releases</mirrorOf><url>https://nexus.corp.example/all</url></mirror>
                  </mirrors>
                </settings>
                """);

        MavenRepository central = settings.route(MavenSettings.MAVEN_CENTRAL);
        assertThat(central.id()).isEqualTo("corp-all");
        assertThat(central.url()).isEqualTo(URI.create("https://nexus.corp.example/all/"));
        assertThat(central.mirrorOf()).contains("central");
        // !id keeps a repository out of the rule; external:* leaves localhost alone.
        assertThat(settings.route("corp-releases", URI.create("https://releases.corp.example/maven")).url())
                .isEqualTo(URI.create("https://releases.corp.example/maven/"));
        assertThat(settings.route("local", URI.create("http://localhost:8081/repo/")).url()).isEqualTo(URI.create("http://localhost:8081/repo/"));
        assertThat(settings.route("other", URI.create("https://repo.other.example/m2/")).id()).isEqualTo("corp-all");

        MavenSettings lists = Fixtures.settings(dir.resolve("lists"), """
                <settings>
                  <mirrors>
                    <mirror><id>jboss-and-central</id><mirrorOf>central,jboss</mirrorOf><url>https://mirror.example/both/</url></mirror>
                    <mirror><id>everything</id><mirrorOf>*</mirrorOf><url>https://mirror.example/rest/</url></mirror>
                  </mirrors>
                </settings>
                """);
        assertThat(lists.route("jboss", URI.create("https://repository.jboss.org/nexus/")).id()).isEqualTo("jboss-and-central");
        assertThat(lists.route(MavenSettings.MAVEN_CENTRAL).id()).isEqualTo("jboss-and-central");
        assertThat(lists.route("localhost-repo", URI.create("http://127.0.0.1:9/r/")).id()).isEqualTo("everything");
    }

    @Test
    void serversGiveTheirCredentialsByIdUserSettingsOverGlobalAndTheTextHidesThePassword() throws Exception {
        Path global = Files.writeString(dir.resolve("global.xml"), """
                <settings>
                  <servers>
                    <server><id>corp</id><username>global-user</username><password>global-pw</password></server>
                    <server><id>other</id><username>other-user</username><password>other-pw</password></server>
                  </servers>
                </settings>
                """);
        Path user = Files.writeString(dir.resolve("user.xml"), """
                <settings>
                  <servers><server><id>corp</id><username>deployer</username><password>s3cr3t-pw</password></server></servers>
                  <mirrors><mirror><id>corp</id><mirrorOf>*</mirrorOf><url>https://nexus.corp.example/all</url></mirror></mirrors>
                </settings>
                """);
        MavenSettings settings = MavenSettings.read(user, Optional.of(global), dir, dir.resolve("settings-security.xml"));

        MavenRepository corp = settings.route(MavenSettings.MAVEN_CENTRAL);
        assertThat(corp.login()).contains(new MavenRepository.Login("deployer", "s3cr3t-pw"));
        assertThat(settings.route("other", URI.create("https://other.example/")).id()).isEqualTo("corp"); // mirrored: corp's login
        assertThat(corp.toString()).contains("corp", "nexus.corp.example").doesNotContain("s3cr3t-pw");
        assertThat(corp.login().orElseThrow().toString()).doesNotContain("s3cr3t-pw");
        // A URL the build recorded (a mirror's) finds its id, and so its credentials, by URL.
        assertThat(settings.route(URI.create("https://nexus.corp.example/all/")).login()).contains(new MavenRepository.Login("deployer", "s3cr3t-pw"));
    }

    @Test
    void encryptedPasswordsAreDecryptedWithSettingsSecurityOrNamedInAClearError() throws Exception {
        DefaultPlexusCipher cipher = new DefaultPlexusCipher();
        String encrypted = cipher.encryptAndDecorate("s3cr3t-pw", "master-pw");
        String xml = """
                <settings>
                  <servers><server><id>corp</id><username>deployer</username><password>%s</password></server></servers>
                </settings>
                """.formatted(encrypted);
        Path user = Files.writeString(dir.resolve("settings.xml"), xml);

        MavenSettings withoutMaster = MavenSettings.read(user, Optional.empty(), dir, dir.resolve("settings-security.xml"));
        assertThatThrownBy(() -> withoutMaster.route("corp", URI.create("https://nexus.corp.example/")))
                .isInstanceOf(ProvisioningException.class).hasMessageContaining("'corp'").hasMessageContaining("settings-security.xml")
                .hasMessageNotContaining("s3cr3t-pw").hasMessageNotContaining(encrypted);

        Path security = Files.writeString(dir.resolve("settings-security.xml"), "<settingsSecurity><master>"
                + cipher.encryptAndDecorate("master-pw", "settings.security") + "</master></settingsSecurity>");
        MavenSettings withMaster = MavenSettings.read(user, Optional.empty(), dir, security);
        assertThat(withMaster.route("corp", URI.create("https://nexus.corp.example/")).login())
                .contains(new MavenRepository.Login("deployer", "s3cr3t-pw"));
    }

    @Test
    void settingsProxiesApplyWithNonProxyHostsAndTheirCredentialsReachOnlyTheProxy() throws Exception {
        String expected = "Proxy-Authorization: Basic " + Base64.getEncoder().encodeToString("puser:pr0xy-pw".getBytes(StandardCharsets.UTF_8));
        List<String> heads = new CopyOnWriteArrayList<>();
        try (HttpFaultsTest.RawServer proxy = HttpFaultsTest.RawServer.start((head, out) -> {
            heads.add(head);
            String response = head.contains(expected) ? "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
                    : "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\nContent-Length: 0\r\n\r\n";
            out.write(response.getBytes(StandardCharsets.ISO_8859_1));
        })) {
            MavenSettings settings = Fixtures.settings(dir, """
                    <settings>
                      <proxies>
                        <proxy><id>off</id><active>false</active><protocol>http</protocol><host>127.0.0.1</host><port>9</port></proxy>
                        <proxy><id>corp-proxy</id><active>true</active><protocol>http</protocol><host>127.0.0.1</host><port>%d</port>
                          <username>puser</username><password>pr0xy-pw</password><nonProxyHosts>*.direct.example|nexus.example</nonProxyHosts></proxy>
                      </proxies>
                    </settings>
                    """.formatted(proxy.port()));
            // Environment proxies lose to the settings' ones, as the build's downloads use the settings'.
            ProxySelector selector = ProxySettings.selector(Map.of("HTTP_PROXY", "http://env-proxy.example:3128"), settings);
            InetSocketAddress address = (InetSocketAddress) selector.select(URI.create("http://repo.example.test/x.jar")).get(0).address();
            assertThat(address.getHostString() + ":" + address.getPort()).isEqualTo("127.0.0.1:" + proxy.port());
            assertThat(selector.select(URI.create("http://a.direct.example/x.jar"))).containsExactly(Proxy.NO_PROXY);
            assertThat(selector.select(URI.create("http://nexus.example/x.jar"))).containsExactly(Proxy.NO_PROXY);

            HttpDownloader downloader = new HttpDownloader(ProxySettings.apply(HttpClient.newBuilder(), Map.of(), settings)
                    .followRedirects(HttpClient.Redirect.NEVER).build(), Fixtures.FAST_RETRIES, true);
            Path part = dir.resolve("file.part");
            downloader.download(URI.create("http://repo.example.test/file.txt"), part, DownloadListener.none(), Cancellation.none());
            assertThat(part).hasContent("hello");
            assertThat(heads).anySatisfy(h -> assertThat(h).startsWith("GET http://repo.example.test/file.txt").contains(expected));
        }
    }
}
