package io.beep.python.provision;

import io.beep.python.process.Cancellation;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * A compressed tar (gz, zst or xz), read as one stream in its own order: nothing is left for later, and devices and pipes
 * are refused.
 */
final class TarReader implements SafeExtractor.Reader {

    private final PathPolicy policy;
    private final ArchiveFormat format;

    TarReader(PathPolicy policy, ArchiveFormat format) {
        this.policy = policy;
        this.format = format;
    }

    @Override
    public void read(Path archive, Predicate<String> later, SafeExtractor.Parts parts, Cancellation cancellation) throws IOException {
        byte[] tarBuffer = new byte[PathPolicy.BUFFER];
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
                InputStream decompressed = decompress(file, format);
                TarArchiveInputStream tar = new TarArchiveInputStream(decompressed)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                cancellation.throwIfCancelled();
                policy.countEntry(entry.getName());
                Path destination = policy.destination(entry.getName());
                if (destination == null) {
                    continue;
                }
                if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                    // Checked first: Commons Compress counts these as files too.
                    throw new SafeExtractor.UnsafeEntryException("Archive entry '" + entry.getName() + "' is a device or pipe, not a file");
                } else if (entry.isDirectory()) {
                    policy.createDirectory(destination);
                } else if (entry.isSymbolicLink()) {
                    policy.symlink(entry.getName(), destination, entry.getLinkName());
                } else if (entry.isLink()) {
                    policy.hardLink(entry.getName(), destination, entry.getLinkName());
                } else if (entry.isFile()) {
                    policy.writeFile(destination, tar::read, tarBuffer, entry.getMode());
                } else {
                    throw new SafeExtractor.UnsafeEntryException("Archive entry '" + entry.getName() + "' is a device or pipe, not a file");
                }
            }
        }
    }

    private static InputStream decompress(InputStream in, ArchiveFormat format) throws IOException {
        return switch (format) {
            case TAR_GZ, TGZ -> new GzipCompressorInputStream(in, true);
            case TAR_ZST -> new ZstdCompressorInputStream(in);
            case TAR_XZ -> new XZCompressorInputStream(in);
            default -> throw new IllegalArgumentException("Not a tar format: " + format);
        };
    }
}
