package io.beep.python.provision;

import io.beep.python.fs.Platform;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * python-build-standalone archives listed in the manifest bundled with the runtime (public URLs
 * and SHA-256 sums). A mirror replaces the upstream release URL and keeps the
 * {@code <build>/<file>} tail, the same layout uv's {@code UV_PYTHON_INSTALL_MIRROR} expects.
 */
final class StandaloneCatalog implements DistributionCatalog {

    static final String MANIFEST_RESOURCE = "python-build-standalone.json";
    static final String UPSTREAM = "https://github.com/astral-sh/python-build-standalone/releases/download/";

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Entry(String version, String os, String arch, String libc, String flavor, String build, String url, String sha256) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Manifest(List<Entry> archives) {
    }

    private final List<Entry> entries;
    private final Optional<URI> mirror;

    StandaloneCatalog(List<Entry> entries, Optional<URI> mirror) {
        this.entries = List.copyOf(entries);
        this.mirror = mirror;
    }

    /** The manifest bundled in the runtime jar. */
    static List<Entry> bundledEntries() {
        try (InputStream in = StandaloneCatalog.class.getResourceAsStream(MANIFEST_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The runtime jar lacks its python-build-standalone manifest " + MANIFEST_RESOURCE);
            }
            return new ObjectMapper().readValue(in, Manifest.class).archives();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the bundled python-build-standalone manifest", e);
        }
    }

    @Override
    public List<PythonVersion> versions(Platform platform) {
        return matching(platform).map(e -> PythonVersion.parse(e.version())).distinct().sorted().toList();
    }

    @Override
    public Optional<Distribution> find(PythonVersion version, Platform platform) {
        return matching(platform).filter(e -> PythonVersion.parse(e.version()).equals(version))
                .max(Comparator.comparing(Entry::build))
                .flatMap(e -> ArchiveFormat.fromFileName(e.url()).map(format -> new Distribution(Optional.of(version), platform,
                        format, new Distribution.RemoteArchive(location(e.url()), e.sha256()))));
    }

    private java.util.stream.Stream<Entry> matching(Platform platform) {
        return entries.stream().filter(e -> e.os().equals(os(platform)) && e.arch().equals(arch(platform))
                && e.libc().equals(libc(platform)));
    }

    /** The manifest's {@code os}, {@code arch} and {@code libc} for a platform: upstream's names differ from ours. */
    static String os(Platform platform) {
        return platform.isMacos() ? "darwin" : platform.os();
    }

    static String arch(Platform platform) {
        return platform.arch().equals("arm64") ? "aarch64" : platform.arch();
    }

    static String libc(Platform platform) {
        return platform.isLinux() ? (platform.musl() ? "musl" : "gnu") : "none";
    }

    private URI location(String upstreamUrl) {
        if (mirror.isEmpty() || !upstreamUrl.startsWith(UPSTREAM)) {
            return URI.create(upstreamUrl);
        }
        String base = mirror.get().toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + upstreamUrl.substring(UPSTREAM.length()));
    }
}
