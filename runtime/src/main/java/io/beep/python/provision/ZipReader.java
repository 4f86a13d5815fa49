package io.beep.python.provision;

import io.beep.python.process.Cancellation;
import io.beep.python.provision.ParallelWrites.EntryWriter;
import io.beep.python.provision.ParallelWrites.FileEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import java.util.zip.ZipEntry;

/**
 * Zip, read with Commons Compress (it keeps Unix modes and links). Files are written by a few threads at once;
 * directories come first, symbolic links last, so no file is ever written while a link that could redirect it is being
 * created.
 */
final class ZipReader implements SafeExtractor.Reader {

    private final PathPolicy policy;

    ZipReader(PathPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void read(Path archive, Predicate<String> later, SafeExtractor.Parts parts, Cancellation cancellation) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            List<FileEntry<ZipArchiveEntry>> files = new ArrayList<>();
            List<FileEntry<ZipArchiveEntry>> laterFiles = new ArrayList<>();
            List<ZipArchiveEntry> links = new ArrayList<>();
            Enumeration<ZipArchiveEntry> entries = zip.getEntriesInPhysicalOrder();
            while (entries.hasMoreElements()) {
                ZipArchiveEntry entry = entries.nextElement();
                String relative = policy.placed(entry.getName(), entry.isDirectory());
                if (relative == null) {
                    continue;
                }
                if (entry.isUnixSymlink()) {
                    links.add(entry);
                } else {
                    (later.test(relative) ? laterFiles : files).add(
                            new FileEntry<>(entry, policy.resolveInside(entry.getName(), relative), entry.getCompressedSize()));
                }
            }
            if (!links.isEmpty()) {
                files.addAll(laterFiles); // every file before the first link: nothing may be written through one
                laterFiles.clear();
            }
            parts.split(!laterFiles.isEmpty());
            ParallelWrites.writeInParallel(files, () -> new ZipWriter(zip), cancellation);
            for (ZipArchiveEntry entry : links) {
                try (InputStream in = zip.getInputStream(entry)) {
                    policy.symlink(entry.getName(), policy.destination(entry.getName()),
                            new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            parts.firstPartDone();
            ParallelWrites.writeInParallel(laterFiles, () -> new ZipWriter(zip), cancellation);
        }
    }

    /**
     * One writer thread's reusable inflater and buffers. Commons Compress parses the entries (modes, links, names);
     * deflated data is inflated here from one read of the entry's bytes, with its CRC-32 checked (the library's own
     * stream inflates through a 512-byte buffer, and a stream per entry allocated about 200 KB of buffers each time,
     * which a fresh JVM paid for in garbage and compilation more than for the data).
     */
    private final class ZipWriter implements EntryWriter<ZipArchiveEntry> {
        private final ZipFile zip;
        private final Inflater inflater = new Inflater(true);
        private final CRC32 crc = new CRC32();
        private final byte[] buffer = new byte[PathPolicy.BUFFER];
        private byte[] compressed = new byte[PathPolicy.BUFFER];

        ZipWriter(ZipFile zip) {
            this.zip = zip;
        }

        @Override
        public void write(FileEntry<ZipArchiveEntry> file) throws IOException {
            ZipArchiveEntry entry = file.entry();
            int mode = entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? entry.getUnixMode() : 0;
            long size = entry.getCompressedSize();
            if (entry.getMethod() != ZipEntry.DEFLATED || entry.getGeneralPurposeBit().usesEncryption() || size < 0
                    || size > Integer.MAX_VALUE - 8) {
                try (InputStream in = zip.getInputStream(entry)) {
                    policy.writeFile(file.destination(), in::read, buffer, mode);
                }
                return;
            }
            if (compressed.length < size) {
                compressed = new byte[(int) size];
            }
            int read;
            try (InputStream raw = zip.getRawInputStream(entry)) {
                read = raw.readNBytes(compressed, 0, (int) size);
            }
            if (read < size) {
                throw new IOException("entry '" + entry.getName() + "' is truncated");
            }
            inflater.reset();
            inflater.setInput(compressed, 0, read);
            crc.reset();
            policy.writeFile(file.destination(), this::inflate, buffer, mode);
            ParallelWrites.checkCrc(entry.getName(), entry.getCrc(), crc);
        }

        private int inflate(byte[] into, int offset, int length) throws IOException {
            try {
                while (true) {
                    int n = inflater.inflate(into, offset, length);
                    if (n > 0) {
                        crc.update(into, offset, n);
                        return n;
                    }
                    if (inflater.finished()) {
                        return -1;
                    }
                    if (inflater.needsInput() || inflater.needsDictionary()) {
                        throw new IOException("deflated data ends early");
                    }
                }
            } catch (java.util.zip.DataFormatException e) {
                throw new IOException("invalid deflated data (" + e.getMessage() + ")", e);
            }
        }

        @Override
        public void close() {
            inflater.end();
        }
    }
}
