package io.beep.python.provision;

import io.beep.python.Secrets;
import io.beep.python.fs.HomeLayout;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code source=url}: one archive with a required SHA-256. The version inside is learned only by
 * running the interpreter, so the directory it went into is remembered in
 * {@code cache/installed/<sha256>}, where a second run finds it without work.
 */
final class UrlPlan implements SourcePlan {

    private final EmbeddedDirectory embedded;
    private final Optional<VersionRequest> wanted;
    private final String shown;
    private final String sha256;
    private final Distribution distribution;
    private final Path marker;

    /** Refuses, before any download, a URL without a usable checksum or a recognizable archive format. */
    UrlPlan(ProvisionRequest request, EmbeddedDirectory embedded, Path home) {
        this.embedded = embedded;
        URI url = request.url().orElseThrow(() -> new ProvisioningException(ProvisioningException.Reason.INVALID_REQUEST, null,
                "The url distribution source needs the URL of an archive"));
        this.shown = Secrets.mask(url.toString());
        this.sha256 = request.sha256().map(s -> s.trim().toLowerCase(Locale.ROOT)).orElseThrow(() -> new ProvisioningException(
                ProvisioningException.Reason.MISSING_CHECKSUM, shown, "The archive at " + shown
                        + " needs its SHA-256 checksum: downloads are always verified"));
        if (!Checksums.isSha256(sha256)) {
            throw new ProvisioningException(ProvisioningException.Reason.INVALID_REQUEST, sha256, "The checksum '"
                    + sha256 + "' is not a SHA-256 (64 hex digits)");
        }
        ArchiveFormat format = ArchiveFormat.fromFileName(url.getPath() == null ? "" : url.getPath()).orElseThrow(
                () -> new ProvisioningException(ProvisioningException.Reason.INVALID_REQUEST, shown, "Cannot tell the archive format of "
                        + shown + "; the URL path must end in .zip, .jar, .tar.gz, .tgz, .tar.zst or .tar.xz"));
        this.wanted = VersionRequest.parse(request.versionRequest());
        this.distribution = new Distribution(Optional.empty(), embedded.platform(), format, new Distribution.RemoteArchive(url, sha256));
        this.marker = HomeLayout.of(home).cache(HomeLayout.Cache.INSTALLED).resolve(sha256);
    }

    @Override
    public String name() {
        return "url-" + sha256.substring(0, 16);
    }

    @Override
    public String input() {
        return shown;
    }

    @Override
    public String subject() {
        return "Python from " + shown;
    }

    @Override
    public Distribution distribution() {
        return distribution;
    }

    @Override
    public String archivePrefix() {
        return "";
    }

    @Override
    public Optional<ProvisionedPython> installed() {
        Optional<Path> target = rememberedTarget().filter(embedded::isInstalled);
        Optional<PythonVersion> version = target.flatMap(EmbeddedDirectory::versionOf);
        if (version.isEmpty()) {
            return Optional.empty();
        }
        requireMatch(version.get());
        return Optional.of(embedded.provisioned(target.get(), version.get()));
    }

    @Override
    public Path target(PythonVersion version) {
        requireMatch(version);
        return embedded.target(version);
    }

    @Override
    public void remember(Path target) throws IOException {
        Files.createDirectories(marker.getParent());
        Path temp = marker.resolveSibling(marker.getFileName() + ".tmp");
        Files.writeString(temp, target.getFileName().toString() + "\n", StandardCharsets.UTF_8);
        DownloadCache.move(temp, marker);
    }

    /** The directory an earlier run recorded; an unreadable or damaged record only means provisioning again. */
    private Optional<Path> rememberedTarget() {
        try {
            return Files.isRegularFile(marker)
                    ? Optional.of(embedded.root().resolve(Files.readString(marker, StandardCharsets.UTF_8).trim()))
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void requireMatch(PythonVersion actual) {
        if (wanted.isPresent() && !wanted.get().matches(actual)) {
            throw new ProvisioningException(ProvisioningException.Reason.VERSION_MISMATCH, shown, "The archive at " + shown + " contains Python "
                    + actual + ", but Python " + wanted.get() + " was asked for");
        }
    }
}
