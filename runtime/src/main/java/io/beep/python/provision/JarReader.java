package io.beep.python.provision;

import io.beep.python.process.Cancellation;
import io.beep.python.provision.ParallelWrites.EntryWriter;
import io.beep.python.provision.ParallelWrites.FileEntry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A jar (what a Maven repository serves) is read with the JDK's own zip reader, whose classes a JVM has already loaded and
 * compiled for its class path: in a fresh JVM it parses the entries far sooner than Commons Compress, which makes a
 * {@code Calendar} per entry for its DOS time. Jars carry no Unix modes or links for it to miss: Maven writes neither (the
 * layout makes {@code bin/} executable), and a link stored anyway would be written as a file naming its target, which the
 * new interpreter's check then fails on.
 */
final class JarReader implements SafeExtractor.Reader {

    private final PathPolicy policy;

    JarReader(PathPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void read(Path archive, Predicate<String> later, SafeExtractor.Parts parts, Cancellation cancellation) throws IOException {
        try (ZipFile jar = new ZipFile(archive.toFile())) {
            List<FileEntry<ZipEntry>> files = new ArrayList<>();
            List<FileEntry<ZipEntry>> laterFiles = new ArrayList<>();
            Enumeration<? extends ZipEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String relative = policy.placed(entry.getName(), entry.isDirectory());
                if (relative != null) {
                    (later.test(relative) ? laterFiles : files).add(
                            new FileEntry<>(entry, policy.resolveInside(entry.getName(), relative), entry.getCompressedSize()));
                }
            }
            parts.split(!laterFiles.isEmpty());
            ParallelWrites.writeInParallel(files, () -> new JarWriter(jar), cancellation);
            parts.firstPartDone();
            ParallelWrites.writeInParallel(laterFiles, () -> new JarWriter(jar), cancellation);
        }
    }

    /** One writer thread's buffer and CRC for a jar; the JDK's reader inflates and pools its inflaters itself. */
    private final class JarWriter implements EntryWriter<ZipEntry> {
        private final ZipFile jar;
        private final CRC32 crc = new CRC32();
        private final byte[] buffer = new byte[PathPolicy.BUFFER];

        JarWriter(ZipFile jar) {
            this.jar = jar;
        }

        @Override
        public void write(FileEntry<ZipEntry> file) throws IOException {
            ZipEntry entry = file.entry();
            crc.reset();
            try (InputStream in = jar.getInputStream(entry)) {
                // The JDK's ZipFile, unlike its ZipInputStream, does not check an entry's CRC-32: done here.
                policy.writeFile(file.destination(), (into, offset, length) -> {
                    int n = in.read(into, offset, length);
                    if (n > 0) {
                        crc.update(into, offset, n);
                    }
                    return n;
                }, buffer, 0);
            }
            ParallelWrites.checkCrc(entry.getName(), entry.getCrc(), crc);
        }

        @Override
        public void close() {
            // nothing of its own to release: the JDK's reader owns its inflaters
        }
    }
}
