package io.beep.python.deployment;

import io.beep.python.Secrets;
import io.quarkus.bootstrap.app.DependencyInfoProvider;
import io.quarkus.bootstrap.resolver.maven.BootstrapMavenContext;
import io.quarkus.bootstrap.resolver.maven.EffectiveModelResolver;
import io.quarkus.bootstrap.resolver.maven.MavenArtifactResolver;

import org.eclipse.aether.repository.RemoteRepository;

import java.lang.reflect.Field;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads the remote repositories the application's build resolves from, mirrors applied, so that
 * provisioning from Maven at run time uses the same place (Central or the company's proxy) without
 * a host written in our code. Only URLs are recorded: credentials stay in the build's settings.
 *
 * <p>Where the resolver comes from:
 * <ul>
 * <li>{@code mvn package}: the Quarkus Maven plugin's own resolver, the one that resolved the
 * application (Maven's {@code project.remoteProjectRepositories}). Quarkus exposes it to build
 * steps only inside the {@link DependencyInfoProvider} of {@code AppModelProviderBuildItem}, as the
 * resolver of its effective-model resolver.</li>
 * <li>dev mode and tests: the build runs in a JVM of its own, with no provider; there Quarkus
 * bootstraps from a {@link BootstrapMavenContext} that reads the same settings (including
 * {@code -s} from {@code MAVEN_CMD_LINE_ARGS}) and the project's POM, and so do we.</li>
 * <li>Gradle: the Quarkus Gradle plugin hands extensions no resolver (its provider yields
 * {@code null}); the Maven settings are read as in dev mode, and the build says that they may not
 * be where Gradle resolves from.</li>
 * </ul>
 */
final class BuildRepositories {

    /** What was recorded, where it came from, and what the build should warn about (empty when nothing). */
    record Recorded(List<String> urls, String source, Optional<String> warning) {
    }

    private BuildRepositories() {
    }

    static Recorded of(Supplier<DependencyInfoProvider> provider, Path projectDir) {
        boolean gradle = provider != null && provider.get() == null;
        Optional<List<RemoteRepository>> fromBuild = fromBuildResolver(provider);
        if (fromBuild.isPresent()) {
            return recorded(fromBuild.get(), "the Quarkus Maven plugin's resolver", Optional.empty());
        }
        try {
            List<RemoteRepository> fromSettings = fromMavenContext(projectDir);
            Optional<String> warning = gradle || isGradleProject(projectDir)
                    ? Optional.of("this is a Gradle build, whose repositories Quarkus does not expose to extensions; the Maven"
                            + " settings' repositories were recorded instead")
                    : Optional.empty();
            return recorded(fromSettings, "the Maven settings and the project's POM", warning);
        } catch (Exception | LinkageError e) {
            return new Recorded(List.of(), "nothing", Optional.of("the build's Maven repositories cannot be read ("
                    + Secrets.mask(String.valueOf(e)) + ")"));
        }
    }

    private static Recorded recorded(List<RemoteRepository> repositories, String source, Optional<String> warning) {
        List<String> urls = repositories.stream().map(RemoteRepository::getUrl).map(BuildRepositories::withoutUserInfo)
                .distinct().toList();
        if (urls.isEmpty() && warning.isEmpty()) {
            warning = Optional.of("the build resolves from no remote Maven repository");
        }
        return new Recorded(urls, source, warning);
    }

    /**
     * The resolver the Quarkus Maven plugin built for this application, read from the private field
     * of {@code DefaultEffectiveModelResolver} that holds it (by type, so a renamed field still works).
     */
    private static Optional<List<RemoteRepository>> fromBuildResolver(Supplier<DependencyInfoProvider> provider) {
        return buildResolver(provider).map(MavenArtifactResolver::getRepositories);
    }

    /**
     * The resolver the application's build resolves with (mirrors, credentials and proxies of its
     * settings applied): the Quarkus Maven plugin's, else one made from the same settings, as
     * Quarkus does in dev mode and tests.
     */
    static MavenArtifactResolver resolver(Supplier<DependencyInfoProvider> provider, Path projectDir) throws Exception {
        Optional<MavenArtifactResolver> build = buildResolver(provider);
        if (build.isPresent()) {
            return build.get();
        }
        return new MavenArtifactResolver(mavenContext(projectDir));
    }

    private static Optional<MavenArtifactResolver> buildResolver(Supplier<DependencyInfoProvider> provider) {
        DependencyInfoProvider info = provider == null ? null : provider.get();
        EffectiveModelResolver models = info == null ? null : info.getMavenModelResolver();
        if (models == null) {
            return Optional.empty();
        }
        for (Class<?> type = models.getClass(); type != null; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (MavenArtifactResolver.class.isAssignableFrom(field.getType())) {
                    try {
                        field.setAccessible(true);
                        return Optional.ofNullable((MavenArtifactResolver) field.get(models));
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        return Optional.empty();
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static List<RemoteRepository> fromMavenContext(Path projectDir) throws Exception {
        return mavenContext(projectDir).getRemoteRepositories();
    }

    private static BootstrapMavenContext mavenContext(Path projectDir) throws Exception {
        boolean hasPom = projectDir != null && Files.isRegularFile(projectDir.resolve("pom.xml"));
        return new BootstrapMavenContext(BootstrapMavenContext.config()
                // With the project's POM loaded, the <repositories> it declares count as they do in mvn package.
                .setWorkspaceDiscovery(hasPom)
                .setCurrentProject(hasPom ? projectDir.toString() : null));
    }

    private static boolean isGradleProject(Path projectDir) {
        return projectDir != null && (Files.exists(projectDir.resolve("build.gradle")) || Files.exists(projectDir.resolve("build.gradle.kts")));
    }

    /** A URL in settings.xml may carry {@code user:password@}: that never goes into the application. */
    static String withoutUserInfo(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getRawUserInfo() == null) {
                return url;
            }
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), uri.getFragment())
                    .toString();
        } catch (URISyntaxException e) {
            return url;
        }
    }
}
