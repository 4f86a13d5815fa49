package io.beep.python.provision;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small archives, some of them malicious, written with Commons Compress for extraction tests. */
final class HostileArchives {

    private HostileArchives() {
    }

    /** A zip whose second entry climbs out with {@code ../}. */
    static Path zipSlip(Path file, String escapingName) throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(Files.newOutputStream(file))) {
            file(zip, "python/bin/python3", "#!/bin/sh\n");
            file(zip, escapingName, "pwned\n");
        }
        return file;
    }

    /** A tar.gz with a symbolic link pointing at {@code linkTarget}, then a file written through it. */
    static Path symlinkEscape(Path file, String linkTarget) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(Files.newOutputStream(file)))) {
            TarArchiveEntry link = new TarArchiveEntry("python/lib", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName(linkTarget);
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            file(tar, "python/lib/pwned.txt", "pwned\n", 0644);
        }
        return file;
    }

    /** A tar.gz with a hard link to a file outside the archive. */
    static Path hardLinkEscape(Path file, String linkTarget) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(Files.newOutputStream(file)))) {
            TarArchiveEntry link = new TarArchiveEntry("python/passwd", TarArchiveEntry.LF_LINK);
            link.setLinkName(linkTarget);
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        return file;
    }

    /** A well-behaved tar.xz: a script with mode 0755, an in-tree symlink and an in-tree hard link. */
    static Path wellBehavedTarXz(Path file) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new XZCompressorOutputStream(Files.newOutputStream(file)))) {
            TarArchiveEntry dir = new TarArchiveEntry("python/bin/");
            dir.setMode(040755);
            tar.putArchiveEntry(dir);
            tar.closeArchiveEntry();
            file(tar, "python/bin/python3.13", "#!/bin/sh\necho 3.13\n", 0755);
            TarArchiveEntry link = new TarArchiveEntry("python/bin/python3", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("python3.13");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            TarArchiveEntry hard = new TarArchiveEntry("python/bin/python", TarArchiveEntry.LF_LINK);
            hard.setLinkName("python/bin/python3.13");
            tar.putArchiveEntry(hard);
            tar.closeArchiveEntry();
            file(tar, "python/lib/readme.txt", "data\n", 0644);
        }
        return file;
    }

    /** A tar.gz whose {@code python/bin/python3} is {@code content} with mode 0755: a script, or bytes no kernel can run. */
    static Path fakeInterpreter(Path file, String content) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(Files.newOutputStream(file)))) {
            file(tar, "python/bin/python3", content, 0755);
        }
        return file;
    }

    /** A zip of {@code entries} entries, each {@code size} zero bytes: tiny on disk, as large as asked unpacked. */
    static Path zipBomb(Path file, int entries, int size) throws IOException {
        byte[] zeros = new byte[size];
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(Files.newOutputStream(file))) {
            for (int i = 0; i < entries; i++) {
                ZipArchiveEntry entry = new ZipArchiveEntry("python/lib/zero-" + i);
                zip.putArchiveEntry(entry);
                zip.write(zeros);
                zip.closeArchiveEntry();
            }
        }
        return file;
    }

    /** A tar.gz with a character-device entry. */
    static Path deviceEntry(Path file) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(Files.newOutputStream(file)))) {
            file(tar, "python/bin/python3", "#!/bin/sh\n", 0755);
            TarArchiveEntry device = new TarArchiveEntry("python/dev/null", TarArchiveEntry.LF_CHR);
            device.setDevMajor(1);
            device.setDevMinor(3);
            tar.putArchiveEntry(device);
            tar.closeArchiveEntry();
        }
        return file;
    }

    /** A tar.gz naming {@code python/bin/tool} twice as a file, then once more as an in-tree link, then as a file again. */
    static Path duplicateEntries(Path file) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(Files.newOutputStream(file)))) {
            file(tar, "python/lib/readme.txt", "original\n", 0644);
            file(tar, "python/bin/tool", "first\n", 0755);
            file(tar, "python/bin/tool", "second\n", 0755);
            TarArchiveEntry link = new TarArchiveEntry("python/bin/tool", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("../lib/readme.txt");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            file(tar, "python/bin/tool", "overwritten through the link\n", 0755);
        }
        return file;
    }

    private static void file(ZipArchiveOutputStream zip, String name, String content) throws IOException {
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        zip.putArchiveEntry(entry);
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, String content, int mode) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(bytes.length);
        entry.setMode(0100000 | mode);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

}
