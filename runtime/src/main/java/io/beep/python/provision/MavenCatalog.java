package io.beep.python.provision;

import io.beep.python.fs.Platform;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The relocatable CPython builds published by the JavaCPP presets as {@code org.bytedeco:cpython}:
 * the version {@code 3.13.5-1.5.12} carries the Python version and the JavaCPP release, and the
 * classifier names the platform. The interpreter lives under {@code org/bytedeco/cpython/<platform>/}
 * inside the jar.
 */
final class MavenCatalog implements DistributionCatalog {

    static final String GROUP_ID = "org.bytedeco";
    static final String ARTIFACT_ID = "cpython";

    /** Python version and JavaCPP release of each published build, oldest first. */
    private static final List<String> RELEASES = List.of("3.10.8-1.5.8", "3.11.3-1.5.9", "3.12.1-1.5.10", "3.13.0-1.5.11",
            "3.13.5-1.5.12", "3.14.3-1.5.13");

    private static final Set<String> PLATFORMS = Set.of("linux-x86_64", "linux-arm64", "macosx-x86_64", "macosx-arm64",
            "windows-x86_64");

    /** A release as the artifact's {@code maven-metadata.xml} lists it: {@code <python version>-<JavaCPP release>}. */
    static final Pattern RELEASE = Pattern.compile("\\d{1,4}\\.\\d{1,4}\\.\\d{1,4}-[0-9A-Za-z.]{1,40}");

    /** The releases known to this version of the extension, plus those a repository's metadata listed (a patch update). */
    private final List<String> releases;

    MavenCatalog() {
        this.releases = RELEASES;
    }

    /** The built-in releases and {@code published} ones (read from {@code maven-metadata.xml}), oldest first. */
    MavenCatalog(Collection<String> published) {
        this.releases = Stream.concat(RELEASES.stream(), published.stream().filter(r -> RELEASE.matcher(r).matches())).distinct()
                .sorted(Comparator.comparing(MavenCatalog::pythonVersion).thenComparing(r -> r)).toList();
    }

    @Override
    public List<PythonVersion> versions(Platform platform) {
        if (platform.musl() || !PLATFORMS.contains(classifier(platform))) {
            return List.of();
        }
        return releases.stream().map(MavenCatalog::pythonVersion).distinct().toList();
    }

    @Override
    public Optional<Distribution> find(PythonVersion version, Platform platform) {
        if (!versions(platform).contains(version)) {
            return Optional.empty();
        }
        // The last of several builds of one Python version is the newest JavaCPP release.
        return releases.stream().filter(r -> pythonVersion(r).equals(version)).reduce((first, second) -> second)
                .map(release -> new Distribution(Optional.of(version), platform, ArchiveFormat.JAR,
                        new Distribution.MavenArtifact(GROUP_ID, ARTIFACT_ID, release, classifier(platform), "jar")));
    }

    /** The jar holds the interpreter under {@code org/bytedeco/cpython/<classifier>/}. */
    @Override
    public String interpreterPrefix(Platform platform) {
        return GROUP_ID.replace('.', '/') + "/" + ARTIFACT_ID + "/" + classifier(platform) + "/";
    }

    /** The bytedeco classifier, {@code os-arch}: published only for the glibc platforms in {@link #PLATFORMS}. */
    static String classifier(Platform platform) {
        return platform.os() + "-" + platform.arch();
    }

    private static PythonVersion pythonVersion(String release) {
        return PythonVersion.parse(release.substring(0, release.indexOf('-')));
    }
}
