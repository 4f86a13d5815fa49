package io.beep.python.provision;

import io.beep.python.process.Cancellation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafeExtractorTest {

    @TempDir
    Path work;

    @ParameterizedTest
    @EnumSource(value = ArchiveFormat.class, names = {"ZIP", "JAR"}) // Commons Compress reads zips, the JDK jars
    void refusesZipEntriesThatClimbOutWithDotDot(ArchiveFormat format) throws Exception {
        Path archive = HostileArchives.zipSlip(work.resolve("slip.zip"), "python/../../evil.txt");
        Path target = work.resolve("a/b/target");

        assertThatThrownBy(() -> SafeExtractor.extract(archive, format, target, "", Cancellation.none()))
                .isInstanceOf(SafeExtractor.UnsafeEntryException.class).hasMessageContaining("python/../../evil.txt");
        assertThat(work.resolve("a/evil.txt")).doesNotExist();
        assertThat(work.resolve("a/b/evil.txt")).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(value = ArchiveFormat.class, names = {"ZIP", "JAR"}) // Commons Compress reads zips, the JDK jars
    void refusesZipEntriesWithAbsolutePaths(ArchiveFormat format) throws Exception {
        Path outside = work.resolve("outside.txt");
        Path archive = HostileArchives.zipSlip(work.resolve("absolute.zip"), outside.toString());

        assertThatThrownBy(() -> SafeExtractor.extract(archive, format, work.resolve("target"), "", Cancellation.none()))
                .isInstanceOf(SafeExtractor.UnsafeEntryException.class).hasMessageContaining("absolute");
        assertThat(outside).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(value = ArchiveFormat.class, names = {"ZIP", "JAR"}) // Commons Compress reads zips, the JDK jars
    void refusesEntryNamesTheFileSystemCannotHold(ArchiveFormat format) throws Exception {
        Path archive = HostileArchives.zipSlip(work.resolve("nul.zip"), "python/bin/evil\u0000.txt");

        assertThatThrownBy(() -> SafeExtractor.extract(archive, format, work.resolve("target"), "", Cancellation.none()))
                .isInstanceOf(SafeExtractor.UnsafeEntryException.class).hasMessageContaining("not a valid file name");
    }

    @Test
    void refusesSymbolicLinksThatPointOutside() throws Exception {
        Path outside = Files.createDirectories(work.resolve("outside"));
        Path relative = HostileArchives.symlinkEscape(work.resolve("relative.tar.gz"), "../../outside");
        Path absolute = HostileArchives.symlinkEscape(work.resolve("absolute.tar.gz"), outside.toString());

        for (Path archive : new Path[] {relative, absolute}) {
            assertThatThrownBy(() -> SafeExtractor.extract(archive, ArchiveFormat.TAR_GZ, work.resolve("target-" + archive.getFileName()), "",
                    Cancellation.none())).isInstanceOf(SafeExtractor.UnsafeEntryException.class).hasMessageContaining("python/lib");
        }
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void refusesHardLinksToFilesOutside() throws Exception {
        Path archive = HostileArchives.hardLinkEscape(work.resolve("hard.tar.gz"), "/etc/passwd");

        assertThatThrownBy(() -> SafeExtractor.extract(archive, ArchiveFormat.TAR_GZ, work.resolve("target"), "", Cancellation.none()))
                .isInstanceOf(SafeExtractor.UnsafeEntryException.class);
        assertThat(work.resolve("target/python/passwd")).doesNotExist();
    }

    @Test
    void keepsPermissionsAndLinksInsideTheTreeFromTarXz() throws Exception {
        Path archive = HostileArchives.wellBehavedTarXz(work.resolve("python.tar.xz"));
        Path target = work.resolve("target");

        SafeExtractor.extract(archive, ArchiveFormat.TAR_XZ, target, "python/", Cancellation.none());

        assertThat(target.resolve("bin/python3")).isSymbolicLink();
        assertThat(Files.readSymbolicLink(target.resolve("bin/python3"))).isEqualTo(Path.of("python3.13"));
        assertThat(Files.getPosixFilePermissions(target.resolve("bin/python3.13"))).contains(PosixFilePermission.OWNER_EXECUTE,
                PosixFilePermission.OTHERS_EXECUTE);
        assertThat(Files.getPosixFilePermissions(target.resolve("lib/readme.txt"))).doesNotContain(PosixFilePermission.OWNER_EXECUTE);
        assertThat(target.resolve("bin/python")).hasSameTextualContentAs(target.resolve("bin/python3.13"));
        assertThat(target.resolve("python")).doesNotExist();
    }

    @Test
    void aTruncatedArchiveFailsAsDamagedNotAsHostile() throws Exception {
        Path whole = HostileArchives.wellBehavedTarXz(work.resolve("whole.tar.xz"));
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = Files.write(work.resolve("truncated.tar.xz"), Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> SafeExtractor.extract(truncated, ArchiveFormat.TAR_XZ, work.resolve("target"), "", Cancellation.none()))
                .isInstanceOf(IOException.class).isNotInstanceOf(SafeExtractor.UnsafeEntryException.class);
    }

    @ParameterizedTest
    @EnumSource(value = ArchiveFormat.class, names = {"ZIP", "JAR"}) // Commons Compress reads zips, the JDK jars
    void aZipBombIsStoppedAtTheByteLimitWithAClearError(ArchiveFormat format) throws Exception {
        Path bomb = HostileArchives.zipBomb(work.resolve("bomb.zip"), 4, 8 << 20);
        assertThat(Files.size(bomb)).isLessThan(1 << 20);

        assertThatThrownBy(() -> SafeExtractor.extract(bomb, format, work.resolve("target"), "",
                new SafeExtractor.Limits(16 << 20, 1000), Cancellation.none()))
                .isInstanceOf(SafeExtractor.UnsafeEntryException.class)
                .hasMessageContaining("more than " + (16 << 20) + " bytes").hasMessageContaining("zip bomb");
    }

    @ParameterizedTest
    @EnumSource(value = ArchiveFormat.class, names = {"ZIP", "JAR"}) // Commons Compress reads zips, the JDK jars
    void anArchiveWithTooManyEntriesIsRefusedBeforeWritingThem(ArchiveFormat format) throws Exception {
        Path many = HostileArchives.zipBomb(work.resolve("many.zip"), 1001, 0);

        assertThatThrownBy(() -> SafeExtractor.extract(many, format, work.resolve("target"), "",
                new SafeExtractor.Limits(1 << 30, 1000), Cancellation.none()))
                .isInstanceOf(SafeExtractor.UnsafeEntryException.class).hasMessageContaining("more than 1000 entries")
                .hasMessageContaining("python/lib/zero-1000");
        assertThat(work.resolve("target/python/lib")).doesNotExist();
    }

    @Test
    void refusesDeviceEntries() throws Exception {
        Path archive = HostileArchives.deviceEntry(work.resolve("device.tar.gz"));

        assertThatThrownBy(() -> SafeExtractor.extract(archive, ArchiveFormat.TAR_GZ, work.resolve("target"), "", Cancellation.none()))
                .isInstanceOf(SafeExtractor.UnsafeEntryException.class).hasMessageContaining("python/dev/null")
                .hasMessageContaining("device");
        assertThat(work.resolve("target/python/dev/null")).doesNotExist();
    }

    @Test
    void aDuplicateEntryReplacesTheEarlierOneButNeverWritesThroughALinkItLeft() throws Exception {
        Path archive = HostileArchives.duplicateEntries(work.resolve("dup.tar.gz"));
        Path target = work.resolve("target");

        assertThatThrownBy(() -> SafeExtractor.extract(archive, ArchiveFormat.TAR_GZ, target, "python/", Cancellation.none()))
                .isInstanceOf(SafeExtractor.UnsafeEntryException.class).hasMessageContaining("bin/tool")
                .hasMessageContaining("symbolic link");
        assertThat(target.resolve("lib/readme.txt")).hasContent("original");
    }

    /** The interpreter's layout decides what may be written while it is already being started. */
    private static final InterpreterLayout LINUX = new InterpreterLayout(Fixtures.linuxX86());

    @Test
    void theLayoutWritesFirstWhatStartingAndCheckingAnInterpreterRead() {
        // first: the executable, shared libraries, top-level modules, extension modules, the packages the check imports
        assertThat("bin/python3").doesNotMatch(LINUX::notNeededToStart);
        assertThat("libpython3.13.so.1.0").doesNotMatch(LINUX::notNeededToStart);
        assertThat("lib/python3.13/os.py").doesNotMatch(LINUX::notNeededToStart);
        assertThat("python/lib/python3.13/ssl.py").as("one directory down").doesNotMatch(LINUX::notNeededToStart);
        assertThat("lib/python3.13/lib-dynload/_ssl.cpython-313-x86_64-linux-gnu.so").doesNotMatch(LINUX::notNeededToStart);
        assertThat("lib/python3.13/encodings/utf_8.py").doesNotMatch(LINUX::notNeededToStart);
        assertThat("lib/python3.13/ctypes/__init__.py").doesNotMatch(LINUX::notNeededToStart);
        assertThat("lib/python3.13/venv/__init__.py").doesNotMatch(LINUX::notNeededToStart);
        assertThat("lib/python3.13/sqlite3/dbapi2.py").doesNotMatch(LINUX::notNeededToStart);
        assertThat("lib/python3.13t/re/_parser.py").as("free-threaded build").doesNotMatch(LINUX::notNeededToStart);
        assertThat("Lib/ssl.py").as("Windows").doesNotMatch(LINUX::notNeededToStart);
        assertThat("DLLs/_ssl.pyd").as("Windows").doesNotMatch(LINUX::notNeededToStart);
        // later: what neither reads
        assertThat("lib/python3.13/test/test_os.py").matches(LINUX::notNeededToStart);
        assertThat("python/lib/python3.13/idlelib/idle.py").matches(LINUX::notNeededToStart);
        assertThat("lib/python3.13/asyncio/base_events.py").matches(LINUX::notNeededToStart);
        assertThat("lib/python3.13/site-packages/pip/__init__.py").matches(LINUX::notNeededToStart);
        assertThat("include/python3.13/Python.h").matches(LINUX::notNeededToStart);
        assertThat("share/man/man1/python3.1").matches(LINUX::notNeededToStart);
        assertThat("Lib/tkinter/__init__.py").matches(LINUX::notNeededToStart);
    }

    @Test
    void theLayoutLeavesOutTheStandardLibrarysRegressionTestsAndNothingElse() {
        assertThat("lib/python3.13/test/test_os.py").matches(LINUX::leftOut);
        assertThat("lib/python3.13/test").as("the directory itself").matches(LINUX::leftOut);
        assertThat("lib/python3.13/test/").matches(LINUX::leftOut);
        assertThat("python/lib/python3.13/test/support/__init__.py").as("one directory down").matches(LINUX::leftOut);
        assertThat("lib/python3.13/idlelib/idle_test/test_run.py").matches(LINUX::leftOut);
        assertThat("lib/python3.11/ctypes/test/test_bytes.py").as("before 3.12").matches(LINUX::leftOut);
        assertThat("lib/python3.11/lib2to3/tests/data/README").matches(LINUX::leftOut);
        assertThat("Lib/test/test_os.py").as("Windows").matches(LINUX::leftOut);
        // kept: the rest of the standard library, and everything that is not the standard library's
        assertThat("lib/python3.13/unittest/__init__.py").doesNotMatch(LINUX::leftOut);
        assertThat("lib/python3.13/idlelib/idle.py").doesNotMatch(LINUX::leftOut);
        assertThat("lib/python3.13/tests.py").as("a module, not the package").doesNotMatch(LINUX::leftOut);
        assertThat("lib/python3.13/site-packages/numpy/tests/test_core.py").as("a package's own").doesNotMatch(LINUX::leftOut);
        assertThat("lib/python3.13").doesNotMatch(LINUX::leftOut);
        assertThat("test/readme.txt").as("outside the standard library").doesNotMatch(LINUX::leftOut);
        assertThat("share/test/data").doesNotMatch(LINUX::leftOut);
        assertThat("bin/python3").doesNotMatch(LINUX::leftOut);
    }

    @ParameterizedTest
    @EnumSource(value = ArchiveFormat.class, names = {"ZIP", "JAR", "TAR_GZ"})
    void entriesLeftOutAreNeverWrittenNorTheirDirectoriesMade(ArchiveFormat format) throws Exception {
        Path archive = format == ArchiveFormat.TAR_GZ ? tarGz(work.resolve("suite.tar.gz")) : zip(work.resolve("suite.zip"), false);
        Path target = work.resolve("suite-" + format);

        try (SafeExtractor.Extraction extraction = SafeExtractor.start(archive, format, target, "", LINUX::leftOut,
                LINUX::notNeededToStart, Cancellation.none())) {
            extraction.awaitAll();
        }

        assertThat(target.resolve("bin/python3")).hasContent("interpreter");
        assertThat(target.resolve("lib/python3.13/os.py")).hasContent("os");
        assertThat(target.resolve("lib/python3.13/test")).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(value = ArchiveFormat.class, names = {"ZIP", "JAR"})
    void aHostileNameIsRefusedEvenWhereEntriesAreLeftOut(ArchiveFormat format) throws Exception {
        Path archive = work.resolve("hostile-suite.zip");
        try (org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream zip =
                new org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream(archive)) {
            entry(zip, "bin/python3", "interpreter");
            entry(zip, "lib/python3.13/test/../../../../evil.txt", "evil");
        }

        try (SafeExtractor.Extraction extraction = SafeExtractor.start(archive, format, work.resolve("hostile-suite"), "",
                LINUX::leftOut, LINUX::notNeededToStart, Cancellation.none())) {
            assertThatThrownBy(extraction::awaitAll).isInstanceOf(SafeExtractor.UnsafeEntryException.class)
                    .hasMessageContaining("evil.txt");
        }
        assertThat(work.resolve("evil.txt")).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(value = ArchiveFormat.class, names = {"ZIP", "JAR"}) // Commons Compress reads zips, the JDK jars
    void aZipIsWrittenInTwoPartsAndTheFirstIsCompleteWhenAwaited(ArchiveFormat format) throws Exception {
        Path archive = zip(work.resolve("split.zip"), false);
        Path target = work.resolve("split");

        try (SafeExtractor.Extraction extraction = split(archive, format, target)) {
            extraction.awaitFirstPart();
            assertThat(target.resolve("bin/python3")).hasContent("interpreter");
            assertThat(target.resolve("lib/python3.13/os.py")).hasContent("os");
            extraction.awaitAll();
        }
        assertThat(target.resolve("lib/python3.13/test/test_a.py")).hasContent("test a");
        assertThat(target.resolve("lib/python3.13/test/test_b.py")).hasContent("test b");
    }

    @Test
    void aLinkStoredInAJarIsWrittenAsAFileNamingItsTargetNeverAsALink() throws Exception {
        Path archive = zip(work.resolve("links.jar"), true);
        Path target = work.resolve("jar-links");

        SafeExtractor.extract(archive, ArchiveFormat.JAR, target, "", Cancellation.none());

        assertThat(target.resolve("bin/python")).isRegularFile().hasContent("python3");
        assertThat(target.resolve("lib/python3.13/test/test_b.py")).hasContent("test b");
    }

    @Test
    void aZipWithSymbolicLinksIsNotSplitSoNoFileIsWrittenAfterALink() throws Exception {
        Path archive = zip(work.resolve("links.zip"), true);
        Path target = work.resolve("links");

        try (SafeExtractor.Extraction extraction = split(archive, target)) {
            extraction.awaitFirstPart();
            assertThat(target.resolve("lib/python3.13/test/test_b.py")).as("written before the first part ended").hasContent("test b");
            assertThat(target.resolve("bin/python")).isSymbolicLink();
        }
    }

    @ParameterizedTest
    @EnumSource(value = ArchiveFormat.class, names = {"ZIP", "JAR"}) // Commons Compress reads zips, the JDK jars
    void aDamagedEntryInTheDeferredPartFailsTheExtractionAfterTheFirstPartWasUsable(ArchiveFormat format) throws Exception {
        Path archive = zip(work.resolve("damaged.zip"), false);
        long dataOffset;
        try (org.apache.commons.compress.archivers.zip.ZipFile zip = org.apache.commons.compress.archivers.zip.ZipFile.builder()
                .setPath(archive).get()) {
            dataOffset = zip.getEntry("lib/python3.13/test/test_b.py").getDataOffset();
        }
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(archive, java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}), dataOffset); // an invalid deflate block
        }

        try (SafeExtractor.Extraction extraction = split(archive, format, work.resolve("damaged"))) {
            extraction.awaitFirstPart();
            assertThat(work.resolve("damaged/bin/python3")).hasContent("interpreter");
            assertThatThrownBy(extraction::awaitAll).isInstanceOf(IOException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ArchiveFormat.class, names = {"ZIP", "JAR"}) // Commons Compress reads zips, the JDK jars
    void anEntryWhoseDataDoesNotMatchItsCrcIsReportedAsDamaged(ArchiveFormat format) throws Exception {
        Path archive = zip(work.resolve("crc.zip"), false);
        long crc;
        try (org.apache.commons.compress.archivers.zip.ZipFile zip = org.apache.commons.compress.archivers.zip.ZipFile.builder()
                .setPath(archive).get()) {
            crc = zip.getEntry("lib/python3.13/os.py").getCrc();
        }
        // The same CRC-32 written wrong in the local header and the central directory: the data inflates fine, yet is not what was packed.
        byte[] bytes = Files.readAllBytes(archive);
        byte[] wanted = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt((int) crc).array();
        int replaced = 0;
        for (int i = 0; i + 4 <= bytes.length; i++) {
            if (bytes[i] == wanted[0] && bytes[i + 1] == wanted[1] && bytes[i + 2] == wanted[2] && bytes[i + 3] == wanted[3]) {
                bytes[i] ^= 0x01;
                replaced++;
            }
        }
        assertThat(replaced).isEqualTo(2);
        Files.write(archive, bytes);

        assertThatThrownBy(() -> SafeExtractor.extract(archive, format, work.resolve("crc"), "", Cancellation.none()))
                .isInstanceOf(IOException.class).hasMessageContaining("lib/python3.13/os.py").hasMessageContaining("CRC-32");
    }

    /** An extraction that writes what {@link InterpreterLayout#notNeededToStart} selects last. */
    private static SafeExtractor.Extraction split(Path archive, Path target) throws IOException {
        return split(archive, ArchiveFormat.ZIP, target);
    }

    private static SafeExtractor.Extraction split(Path archive, ArchiveFormat format, Path target) throws IOException {
        return SafeExtractor.start(archive, format, target, "", name -> false, LINUX::notNeededToStart, Cancellation.none());
    }

    /** The entries of {@link #zip} in a tar.gz, as python-build-standalone ships interpreters. */
    private static Path tarGz(Path file) throws IOException {
        try (org.apache.commons.compress.archivers.tar.TarArchiveOutputStream tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                new org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream(Files.newOutputStream(file)))) {
            for (String[] entry : new String[][] {{"lib/python3.13/test/test_a.py", "test a"}, {"bin/python3", "interpreter"},
                    {"lib/python3.13/os.py", "os"}, {"lib/python3.13/test/test_b.py", "test b"}}) {
                byte[] bytes = entry[1].getBytes(java.nio.charset.StandardCharsets.UTF_8);
                org.apache.commons.compress.archivers.tar.TarArchiveEntry tarEntry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(entry[0]);
                tarEntry.setSize(bytes.length);
                tar.putArchiveEntry(tarEntry);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    private static Path zip(Path file, boolean withLink) throws IOException {
        try (org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream zip =
                new org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream(file)) {
            entry(zip, "lib/python3.13/test/test_a.py", "test a");
            entry(zip, "bin/python3", "interpreter");
            entry(zip, "lib/python3.13/os.py", "os");
            entry(zip, "lib/python3.13/test/test_b.py", "test b");
            if (withLink) {
                org.apache.commons.compress.archivers.zip.ZipArchiveEntry link = new org.apache.commons.compress.archivers.zip.ZipArchiveEntry("bin/python");
                link.setUnixMode(0120777);
                zip.putArchiveEntry(link);
                zip.write("python3".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                zip.closeArchiveEntry();
            }
        }
        return file;
    }

    private static void entry(org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream zip, String name, String content)
            throws IOException {
        org.apache.commons.compress.archivers.zip.ZipArchiveEntry entry = new org.apache.commons.compress.archivers.zip.ZipArchiveEntry(name);
        entry.setUnixMode(0100644);
        entry.setMethod(java.util.zip.ZipEntry.DEFLATED);
        zip.putArchiveEntry(entry);
        zip.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        zip.closeArchiveEntry();
    }
}
