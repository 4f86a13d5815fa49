package io.beep.python.provision;

import io.beep.python.testing.TestPython;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.Deflater;

/**
 * The bytedeco CPython re-packed at test time the way python-build-standalone ships it:
 * {@code python/bin/python3 ...} in a tar, with Unix modes and {@code bin/python3} as an in-tree
 * symbolic link to {@code python3.13}. Built once into {@code target/test-archives/} and reused.
 */
final class RepackedPython {

    private static final String PREFIX = "org/bytedeco/cpython/" + TestPython.CLASSIFIER + "/";

    private RepackedPython() {
    }

    static Path tarGz() {
        return build("cpython-" + TestPython.VERSION + "-x86_64-unknown-linux-gnu-install_only.tar.gz");
    }

    static Path tarZst() {
        return build("cpython-" + TestPython.VERSION + "-x86_64-unknown-linux-gnu-install_only.tar.zst");
    }

    /** The same interpreter without pip (as some builds ship), so provisioning must run ensurepip. */
    static Path tarGzWithoutPip() {
        return build("cpython-" + TestPython.VERSION + "-nopip.tar.gz");
    }

    /**
     * The interpreter in a jar under {@code python/}, its entries copied without recompressing, plus {@code extra} files
     * (name below {@code python/} to content); without directory entries when {@code directoryEntries} is false, as a
     * zip tool run on a file list writes them. Built once per name.
     */
    static Path jar(String name, boolean directoryEntries, java.util.Map<String, String> extra) {
        return once(name, temp -> {
            try (ZipFile jar = ZipFile.builder().setPath(TestPython.jar()).get();
                    org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream out =
                            new org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream(temp)) {
                Enumeration<ZipArchiveEntry> entries = jar.getEntriesInPhysicalOrder();
                while (entries.hasMoreElements()) {
                    ZipArchiveEntry entry = entries.nextElement();
                    if (!entry.getName().startsWith(PREFIX) || entry.getName().equals(PREFIX) || !directoryEntries && entry.isDirectory()) {
                        continue;
                    }
                    ZipArchiveEntry copy = new ZipArchiveEntry("python/" + entry.getName().substring(PREFIX.length()));
                    copy.setMethod(entry.getMethod());
                    copy.setCrc(entry.getCrc());
                    copy.setSize(entry.getSize());
                    copy.setCompressedSize(entry.getCompressedSize());
                    copy.setTime(entry.getTime());
                    try (InputStream raw = jar.getRawInputStream(entry)) {
                        out.addRawArchiveEntry(copy, raw);
                    }
                }
                for (java.util.Map.Entry<String, String> file : extra.entrySet()) {
                    out.putArchiveEntry(new ZipArchiveEntry("python/" + file.getKey()));
                    out.write(file.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    out.closeArchiveEntry();
                }
            }
        });
    }

    private static Path build(String name) {
        return once(name, temp -> {
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
                    OutputStream compressed = compressor(name, file);
                    TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                copyEntries(tar, name.contains("nopip"));
            }
        });
    }

    /** Writes of an archive into a temp file beside its final name. */
    private interface Writer {
        void write(Path temp) throws IOException;
    }

    /** {@code target/test-archives/<name>}, written by {@code writer} the first time it is asked for, then moved in whole. */
    private static synchronized Path once(String name, Writer writer) {
        Path target = Path.of("target", "test-archives", name).toAbsolutePath();
        if (Files.isRegularFile(target)) {
            return target;
        }
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), name, ".tmp");
            writer.write(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OutputStream compressor(String name, OutputStream out) throws IOException {
        if (name.endsWith(".zst")) {
            return new ZstdCompressorOutputStream(out, 3);
        }
        GzipParameters parameters = new GzipParameters();
        parameters.setCompressionLevel(Deflater.BEST_SPEED);
        return new GzipCompressorOutputStream(out, parameters);
    }

    private static void copyEntries(TarArchiveOutputStream tar, boolean withoutPip) throws IOException {
        try (ZipFile jar = ZipFile.builder().setPath(TestPython.jar()).get()) {
            Enumeration<ZipArchiveEntry> entries = jar.getEntriesInPhysicalOrder();
            while (entries.hasMoreElements()) {
                ZipArchiveEntry entry = entries.nextElement();
                if (!entry.getName().startsWith(PREFIX) || entry.getName().equals(PREFIX)) {
                    continue;
                }
                String name = "python/" + entry.getName().substring(PREFIX.length());
                if (withoutPip && (name.startsWith("python/bin/pip") || name.matches("python/lib/python3\\.\\d+/site-packages/pip[-/].*"))) {
                    continue;
                }
                if (name.equals("python/bin/python3")) {
                    TarArchiveEntry link = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                    link.setLinkName("python3.13");
                    link.setMode(0120777);
                    tar.putArchiveEntry(link);
                    tar.closeArchiveEntry();
                    continue;
                }
                TarArchiveEntry out = new TarArchiveEntry(name);
                if (entry.isDirectory()) {
                    out.setMode(040755);
                } else {
                    out.setSize(entry.getSize());
                    out.setMode(name.startsWith("python/bin/") ? 0100755 : 0100644);
                }
                tar.putArchiveEntry(out);
                if (!entry.isDirectory()) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        in.transferTo(tar);
                    }
                }
                tar.closeArchiveEntry();
            }
        }
    }
}
