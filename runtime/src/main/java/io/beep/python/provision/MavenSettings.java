package io.beep.python.provision;

import io.beep.python.Secrets;

import org.apache.maven.settings.Mirror;
import org.apache.maven.settings.Profile;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Repository;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsBuilderFactory;
import org.apache.maven.settings.building.DefaultSettingsBuildingRequest;
import org.apache.maven.settings.building.SettingsBuildingException;
import org.apache.maven.settings.crypto.DefaultSettingsDecrypter;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.util.repository.DefaultProxySelector;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The user's Maven settings as Maven itself reads them: user and global {@code settings.xml} merged by Maven's settings
 * builder, mirrors chosen by Maven's resolver ({@code *}, {@code external:*}, {@code !id}, comma lists), {@code <servers>}
 * credentials (encrypted ones through Maven's own decrypter and {@code settings-security.xml}) and active
 * {@code <proxies>} with their {@code nonProxyHosts}. So a company repository that needs a login at build time works the
 * same at run time and in the CLI. A file Maven cannot read says nothing (Maven would refuse to build with it); what was
 * wrong is kept in {@link #problems()}.
 */
public final class MavenSettings {

    private static final System.Logger LOG = System.getLogger(MavenSettings.class.getName());

    /** Maven Central, as Maven's super POM names it: mirror rules for {@code central} apply to it. */
    public static final URI MAVEN_CENTRAL = URI.create("https://repo.maven.apache.org/maven2/");

    private final Settings settings;
    private final Path settingsSecurity;
    private final List<String> problems;

    private MavenSettings(Settings settings, Path settingsSecurity, List<String> problems) {
        this.settings = settings;
        this.settingsSecurity = settingsSecurity;
        this.problems = List.copyOf(problems);
    }

    /** No settings at all: repositories are used as given, without credentials or proxies. */
    public static MavenSettings none() {
        return new MavenSettings(new Settings(), Path.of("settings-security.xml"), List.of());
    }

    /**
     * The settings Maven would use here: {@code ~/.m2/settings.xml} over {@code ${maven.home}/conf/settings.xml}
     * ({@code maven.home}, else {@code MAVEN_HOME} or {@code M2_HOME}), passwords decrypted with
     * {@code ~/.m2/settings-security.xml} (or {@code settings.security}).
     */
    public static MavenSettings standard() {
        Path userHome = Path.of(System.getProperty("user.home"));
        String mavenHome = System.getProperty("maven.home", Optional.ofNullable(System.getenv("MAVEN_HOME")).orElse(System.getenv("M2_HOME")));
        Optional<Path> global = Optional.ofNullable(mavenHome).filter(h -> !h.isBlank()).map(h -> Path.of(h, "conf", "settings.xml"));
        Path security = Optional.ofNullable(System.getProperty(DefaultSecDispatcher.SYSTEM_PROPERTY_SEC_LOCATION)).map(Path::of)
                .orElse(userHome.resolve(".m2/settings-security.xml"));
        return read(userHome.resolve(".m2/settings.xml"), global, userHome, security);
    }

    /** The settings of {@code userSettings} over {@code globalSettings}, {@code ${user.home}} being {@code userHome}. */
    public static MavenSettings read(Path userSettings, Optional<Path> globalSettings, Path userHome, Path settingsSecurity) {
        DefaultSettingsBuildingRequest request = new DefaultSettingsBuildingRequest();
        if (Files.isRegularFile(userSettings)) {
            request.setUserSettingsFile(userSettings.toFile());
        }
        globalSettings.filter(Files::isRegularFile).ifPresent(g -> request.setGlobalSettingsFile(g.toFile()));
        Properties system = new Properties();
        system.putAll(System.getProperties());
        system.setProperty("user.home", userHome.toString());
        // ${env.X} in settings.xml, as Maven expands it.
        System.getenv().forEach((name, value) -> system.setProperty("env." + name, value));
        request.setSystemProperties(system);
        try {
            var result = new DefaultSettingsBuilderFactory().newInstance().build(request);
            List<String> problems = result.getProblems().stream().map(p -> p.getMessage() + " (" + p.getSource() + ")").toList();
            return new MavenSettings(result.getEffectiveSettings(), settingsSecurity, problems);
        } catch (SettingsBuildingException e) {
            String problem = e.getProblems().stream().map(p -> p.getMessage() + " (" + p.getSource() + ")").findFirst()
                    .orElse(String.valueOf(e.getMessage()));
            LOG.log(System.Logger.Level.WARNING, "Ignoring the Maven settings: {0}", Secrets.mask(problem));
            return new MavenSettings(new Settings(), settingsSecurity, List.of(problem));
        }
    }

    /** The {@code <localRepository>} of a settings file, with {@code ${user.home}} expanded. */
    public static Optional<Path> localRepository(Path settings, Path userHome) {
        return read(settings, Optional.empty(), userHome, userHome.resolve(".m2/settings-security.xml")).localRepository();
    }

    /** The {@code <localRepository>} of these settings. */
    public Optional<Path> localRepository() {
        return Optional.ofNullable(settings.getLocalRepository()).map(String::strip).filter(s -> !s.isEmpty()).map(Path::of);
    }

    /** What Maven's settings builder found wrong (a file it could not read, an invalid element); empty when nothing. */
    public List<String> problems() {
        return problems;
    }

    /**
     * Where a download from the repository at {@code url} really goes. Its id is that of the settings' mirror or active
     * profile repository at the same URL (the build records repositories with mirrors applied), {@code central} for
     * Maven Central, else {@code url}'s host; then the settings' mirror rules apply, and the server of the resulting id
     * gives the credentials.
     */
    public MavenRepository route(URI url) {
        return route(idOf(url), url);
    }

    /** As {@link #route(URI)}, for a repository whose id is known. */
    public MavenRepository route(String id, URI url) {
        RemoteRepository asked = new RemoteRepository.Builder(id, "default", url.toString()).build();
        RemoteRepository effective = Optional.ofNullable(mirrorSelector().getMirror(asked)).orElse(asked);
        String effectiveUrl = effective.getUrl().endsWith("/") ? effective.getUrl() : effective.getUrl() + "/";
        return new MavenRepository(effective.getId(), URI.create(effectiveUrl), login(effective.getId()),
                effective == asked ? Optional.empty() : Optional.of(id));
    }

    /** True when the settings have an active {@code <proxy>}: then they say which URLs go through one. */
    boolean hasProxies() {
        return settings.getProxies().stream().anyMatch(Proxy::isActive);
    }

    /** The active proxy for {@code url}, chosen by protocol and {@code nonProxyHosts} as Maven's resolver chooses it. */
    Optional<ProxyRoute> proxy(URI url) {
        DefaultProxySelector selector = new DefaultProxySelector();
        List<Proxy> active = settings.getProxies().stream().filter(Proxy::isActive).toList();
        for (Proxy proxy : active) {
            selector.add(new org.eclipse.aether.repository.Proxy(proxy.getProtocol(), proxy.getHost(), proxy.getPort(), null),
                    proxy.getNonProxyHosts());
        }
        org.eclipse.aether.repository.Proxy chosen = selector.getProxy(new RemoteRepository.Builder("any", "default", url.toString()).build());
        if (chosen == null) {
            return Optional.empty();
        }
        return active.stream().filter(p -> p.getHost().equalsIgnoreCase(chosen.getHost()) && p.getPort() == chosen.getPort())
                .findFirst().map(this::proxyRoute);
    }

    /** The active proxies that want a login. */
    List<ProxyRoute> proxiesWithLogin() {
        return settings.getProxies().stream().filter(p -> p.isActive() && p.getUsername() != null).map(this::proxyRoute).toList();
    }

    private ProxyRoute proxyRoute(Proxy proxy) {
        Optional<MavenRepository.Login> login = Optional.empty();
        if (proxy.getUsername() != null) {
            Proxy plain = decrypt(new DefaultSettingsDecryptionRequest(proxy), "proxy", proxy.getId()).getProxy();
            login = Optional.of(new MavenRepository.Login(plain.getUsername(), Optional.ofNullable(plain.getPassword()).orElse("")));
        }
        return new ProxyRoute(proxy.getId(), proxy.getHost(), proxy.getPort(), login);
    }

    /** An active proxy of the settings: where to connect, and the login it wants (never printed). */
    record ProxyRoute(String id, String host, int port, Optional<MavenRepository.Login> login) {
        @Override
        public String toString() {
            return "proxy '" + id + "' " + host + ":" + port + (login.isPresent() ? " (with credentials)" : "");
        }
    }

    private DefaultMirrorSelector mirrorSelector() {
        DefaultMirrorSelector selector = new DefaultMirrorSelector();
        for (Mirror mirror : settings.getMirrors()) {
            selector.add(mirror.getId(), mirror.getUrl(), mirror.getLayout(), false, mirror.isBlocked(), mirror.getMirrorOf(),
                    mirror.getMirrorOfLayouts());
        }
        return selector;
    }

    private String idOf(URI url) {
        String wanted = normalized(url.toString());
        for (Mirror mirror : settings.getMirrors()) {
            if (mirror.getUrl() != null && normalized(mirror.getUrl()).equals(wanted)) {
                return mirror.getId();
            }
        }
        Map<String, Profile> profiles = settings.getProfilesAsMap();
        List<String> active = new ArrayList<>(settings.getActiveProfiles());
        profiles.values().stream().filter(p -> p.getActivation() != null && p.getActivation().isActiveByDefault()).forEach(p -> active.add(p.getId()));
        for (String name : active) {
            Profile profile = profiles.get(name);
            for (Repository repository : profile == null ? List.<Repository>of() : profile.getRepositories()) {
                if (repository.getUrl() != null && normalized(repository.getUrl()).equals(wanted)) {
                    return repository.getId();
                }
            }
        }
        if (wanted.equals(normalized(MAVEN_CENTRAL.toString()))) {
            return "central";
        }
        return url.getHost() == null ? "unnamed" : url.getHost();
    }

    private static String normalized(String url) {
        String stripped = url.strip();
        return (stripped.endsWith("/") ? stripped : stripped + "/").toLowerCase(Locale.ROOT);
    }

    private Optional<MavenRepository.Login> login(String id) {
        Server server = settings.getServer(id);
        if (server == null || server.getUsername() == null) {
            return Optional.empty();
        }
        Server plain = decrypt(new DefaultSettingsDecryptionRequest(server), "server", id).getServer();
        return Optional.of(new MavenRepository.Login(plain.getUsername(), Optional.ofNullable(plain.getPassword()).orElse("")));
    }

    /**
     * Maven's decrypter for a {@code {...}} password; one that cannot be decrypted (no settings-security.xml, a wrong
     * master password) is an error naming the server or proxy id, never the password.
     */
    private SettingsDecryptionResult decrypt(DefaultSettingsDecryptionRequest request, String kind, String id) {
        DefaultSecDispatcher dispatcher = new DefaultSecDispatcher(new DefaultPlexusCipher(), Map.of(), settingsSecurity.toString());
        SettingsDecryptionResult result = new DefaultSettingsDecrypter(dispatcher).decrypt(request);
        if (!result.getProblems().isEmpty()) {
            throw new ProvisioningException(ProvisioningException.Reason.INVALID_REQUEST, kind + " " + id,
                    "The password of the " + kind + " '" + id + "' in the Maven settings is encrypted and cannot be decrypted with "
                            + settingsSecurity + " (" + Secrets.mask(String.valueOf(result.getProblems().get(0).getException())) + ")."
                            + " Fix or create that file (mvn --encrypt-master-password), or give the password in plain text.");
        }
        return result;
    }
}
