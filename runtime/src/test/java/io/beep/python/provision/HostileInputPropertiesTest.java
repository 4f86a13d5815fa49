package io.beep.python.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.process.Cancellation;
import io.beep.python.testing.RandomInputs;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Random version requests and archive entry names: accepted, or the documented refusal; nothing lands outside the target. */
class HostileInputPropertiesTest {

    private static final long SEED = 20261201L;

    @TempDir
    Path work;

    @Test
    void anyStringIsAVersionRequestOrNoneAndNeverAnException() {
        RandomInputs.strings(SEED, 20_000, 24).forEach(text -> {
            try {
                VersionRequest.parse(text);
            } catch (RuntimeException e) {
                throw new AssertionError("VersionRequest.parse(\"" + text + "\") threw " + e, e);
            }
            try {
                PythonVersion.parse(text);
            } catch (IllegalArgumentException expected) {
                // The documented refusal of anything but X.Y.Z.
            } catch (RuntimeException e) {
                throw new AssertionError("PythonVersion.parse(\"" + text + "\") threw " + e, e);
            }
        });
    }

    @Test
    void randomEntryNamesAreExtractedInsideTheTargetOrRefusedAndNothingEscapes() throws IOException {
        Path sandbox = Files.createDirectories(work.resolve("sandbox"));
        List<String> names = RandomInputs.strings(SEED + 7, 400, 40).filter(n -> !n.isEmpty()).toList();
        int extracted = 0;
        for (int i = 0; i < names.size(); i += 4) {
            Path archive = work.resolve("random-" + i + ".zip");
            try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(Files.newOutputStream(archive))) {
                for (String name : names.subList(i, Math.min(i + 4, names.size()))) {
                    zip.putArchiveEntry(new ZipArchiveEntry(name));
                    zip.write("x".getBytes(StandardCharsets.UTF_8));
                    zip.closeArchiveEntry();
                }
            } catch (IOException | IllegalArgumentException e) {
                continue; // a name the zip writer itself refuses
            }
            Path target = sandbox.resolve("t" + i + "/inner");
            try {
                SafeExtractor.extract(archive, ArchiveFormat.ZIP, target, "", Cancellation.none());
                extracted++;
            } catch (IOException expected) {
                // Refused (UnsafeEntryException) or a name this file system cannot hold: both documented.
            } catch (RuntimeException e) {
                throw new AssertionError("Extracting entries " + names.subList(i, Math.min(i + 4, names.size())) + " threw " + e, e);
            }
            try (Stream<Path> written = Files.walk(sandbox.resolve("t" + i))) {
                for (Path file : written.filter(Files::isRegularFile).toList()) {
                    assertThat(file.toRealPath()).as("written by %s", names.subList(i, Math.min(i + 4, names.size())))
                            .startsWith(target.toRealPath());
                }
            } catch (java.nio.file.NoSuchFileException nothingWritten) {
                // Refused before the target was made.
            }
        }
        try (Stream<Path> top = Files.list(work)) {
            assertThat(top.map(p -> p.getFileName().toString())).allMatch(n -> n.equals("sandbox") || n.startsWith("random-"));
        }
        try (Stream<Path> top = Files.list(sandbox)) {
            assertThat(top.map(p -> p.getFileName().toString())).allMatch(n -> n.matches("t\\d+"));
        }
        // An extractor that refuses everything would pass every check above. With this seed 50 of the 98 archives are
        // extracted on Linux; the floor leaves room for a file system that cannot hold some names.
        int archives = (names.size() + 3) / 4;
        System.out.println("random archives extracted: " + extracted + " of " + archives);
        assertThat(extracted).as("archives extracted of %d (seed %d)", archives, SEED + 7).isGreaterThanOrEqualTo(40);
    }
}
