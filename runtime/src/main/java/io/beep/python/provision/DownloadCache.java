package io.beep.python.provision;

import io.beep.python.fs.HomeLayout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Verified archives under {@code ${home}/cache/}, named by their SHA-256
 * ({@code cache/<sha256>.tar.gz}). Downloads in progress live in {@code cache/partial/} so a broken
 * one resumes; Maven artifacts, whose SHA-256 is unknown until downloaded, are found again through
 * {@code cache/keys/<file name>.sha256}. Only complete, verified files ever get a final name.
 */
final class DownloadCache {

    private final HomeLayout layout;
    private final Path dir;

    DownloadCache(Path home) {
        this.layout = HomeLayout.of(home);
        this.dir = layout.cache();
    }

    Path directory() {
        return dir;
    }

    Path archive(String sha256, ArchiveFormat format) {
        return dir.resolve(sha256 + format.suffix());
    }

    Optional<Path> find(String sha256, ArchiveFormat format) {
        Path file = archive(sha256, format);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** A Maven artifact cached before, by its file name. */
    Optional<Path> findByKey(String key, ArchiveFormat format) throws IOException {
        Path keyFile = keyFile(key);
        if (!Files.isRegularFile(keyFile)) {
            return Optional.empty();
        }
        String sha256 = Files.readString(keyFile, StandardCharsets.UTF_8).trim();
        return Checksums.isSha256(sha256) ? find(sha256, format) : Optional.empty();
    }

    Path partial(String name) {
        return layout.cache(HomeLayout.Cache.PARTIAL).resolve(name + ".part");
    }

    /** Gives a verified partial download its final name (and a key, if any) atomically. */
    Path commit(Path partial, String sha256, ArchiveFormat format, Optional<String> key) throws IOException {
        Path target = archive(sha256, format);
        move(partial, target);
        if (key.isPresent()) {
            Path keyFile = keyFile(key.get());
            Files.createDirectories(keyFile.getParent());
            Path temp = keyFile.resolveSibling(keyFile.getFileName() + ".tmp");
            Files.writeString(temp, sha256 + "\n", StandardCharsets.UTF_8);
            move(temp, keyFile);
        }
        return target;
    }

    private Path keyFile(String key) {
        return layout.cache(HomeLayout.Cache.KEYS).resolve(key + ".sha256");
    }

    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
