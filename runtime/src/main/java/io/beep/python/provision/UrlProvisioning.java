package io.beep.python.provision;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;
import io.beep.python.Secrets;
import io.beep.python.fs.FileTrees;
import io.beep.python.process.Cancellation;
import io.beep.python.process.InterProcessLock;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code source=url}: one archive with a required SHA-256. The version inside is learned by running
 * the interpreter, so a second run finds its earlier result through
 * {@code cache/installed/<sha256>}, which names the directory it went into.
 */
final class UrlProvisioning {

    private final PythonProvisioner provisioner;
    private final ProvisionRequest request;

    UrlProvisioning(PythonProvisioner provisioner, ProvisionRequest request) {
        this.provisioner = provisioner;
        this.request = request;
    }

    ProvisionedPython provision(DownloadListener listener, Cancellation cancellation) {
        URI url = request.url().orElseThrow(() -> new PythonBootstrapException(BootstrapStage.PROVISIONING_PYTHON, null,
                "beep.python.distribution.source=url needs beep.python.distribution.url"));
        String shown = Secrets.mask(url.toString());
        String sha256 = request.sha256().map(s -> s.trim().toLowerCase(Locale.ROOT)).orElseThrow(() -> new PythonBootstrapException(
                BootstrapStage.PROVISIONING_PYTHON, shown, "beep.python.distribution.url=" + shown
                        + " needs beep.python.distribution.sha256 (the archive's SHA-256): downloads are always verified"));
        if (!Checksums.isSha256(sha256)) {
            throw new PythonBootstrapException(BootstrapStage.PROVISIONING_PYTHON, sha256, "beep.python.distribution.sha256 '"
                    + sha256 + "' is not a SHA-256 (64 hex digits)");
        }
        ArchiveFormat format = ArchiveFormat.fromFileName(url.getPath() == null ? "" : url.getPath()).orElseThrow(
                () -> new PythonBootstrapException(BootstrapStage.PROVISIONING_PYTHON, shown, "Cannot tell the archive format of "
                        + shown + "; the URL path must end in .zip, .jar, .tar.gz, .tgz, .tar.zst or .tar.xz"));
        Optional<VersionRequest> wanted = VersionRequest.parse(request.versionRequest());
        Distribution distribution = new Distribution(Optional.empty(), provisioner.platform(), format,
                new Distribution.RemoteArchive(url, sha256));
        Path marker = provisioner.home().resolve("cache").resolve("installed").resolve(sha256);

        Optional<ProvisionedPython> done = installed(marker, wanted, shown);
        if (done.isPresent()) {
            return done.get();
        }
        String lockName = "url-" + sha256.substring(0, 16);
        try (InterProcessLock ignored = InterProcessLock.inHome(provisioner.home(), lockName, cancellation)) {
            done = installed(marker, wanted, shown);
            if (done.isPresent()) {
                return done.get();
            }
            TempDirectories.removeStale(provisioner.embedded(), lockName);
            ArchiveFetcher.Fetched archive = provisioner.fetcher(request).fetch(distribution, java.util.List.of(), listener, cancellation);
            Path temp = TempDirectories.create(provisioner.embedded(), lockName);
            try {
                PythonProvisioner.Unpacked unpacked = provisioner.unpackAndVerify(archive.file(), distribution, "", temp,
                        Optional.empty(), cancellation);
                PythonVersion version = PythonVersion.parse(unpacked.version());
                requireMatch(wanted, version, shown);
                Path target = provisioner.embedded().resolve(provisioner.directoryName(version));
                if (!Files.exists(provisioner.layout().executable(target))) {
                    provisioner.finish(unpacked, target, distribution, archive.file());
                }
                writeMarker(marker, target);
                return provisioner.provisioned(target, version, true);
            } finally {
                FileTrees.delete(temp);
            }
        } catch (IOException e) {
            throw new PythonBootstrapException(BootstrapStage.PROVISIONING_PYTHON, shown,
                    "Cannot provision Python from " + shown + ": " + Secrets.mask(e.getMessage()), e);
        }
    }

    private Optional<ProvisionedPython> installed(Path marker, Optional<VersionRequest> wanted, String shown) {
        try {
            if (!Files.isRegularFile(marker)) {
                return Optional.empty();
            }
            Path target = provisioner.embedded().resolve(Files.readString(marker, StandardCharsets.UTF_8).trim());
            if (!Files.isRegularFile(provisioner.layout().executable(target))) {
                return Optional.empty();
            }
            String name = target.getFileName().toString();
            String versionText = name.substring(PythonProvisioner.IMPLEMENTATION.length() + 1, name.indexOf('-', PythonProvisioner.IMPLEMENTATION.length() + 1));
            PythonVersion version = PythonVersion.parse(versionText);
            requireMatch(wanted, version, shown);
            return Optional.of(provisioner.provisioned(target, version, false));
        } catch (IOException | RuntimeException e) {
            if (e instanceof PythonBootstrapException p) {
                throw p;
            }
            return Optional.empty();
        }
    }

    private void requireMatch(Optional<VersionRequest> wanted, PythonVersion actual, String shown) {
        if (wanted.isPresent() && !wanted.get().matches(actual)) {
            throw new PythonBootstrapException(BootstrapStage.PROVISIONING_PYTHON, shown, "The archive at " + shown + " contains Python "
                    + actual + ", but beep.python.python-version asks for " + wanted.get());
        }
    }

    private static void writeMarker(Path marker, Path target) throws IOException {
        Files.createDirectories(marker.getParent());
        Path temp = marker.resolveSibling(marker.getFileName() + ".tmp");
        Files.writeString(temp, target.getFileName().toString() + "\n", StandardCharsets.UTF_8);
        DownloadCache.move(temp, marker);
    }
}
