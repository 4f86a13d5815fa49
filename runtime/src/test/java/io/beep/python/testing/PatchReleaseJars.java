package io.beep.python.testing;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Later patch releases of the test CPython for update tests, built from its jar at test time into
 * {@code target/test-archives/}: there is one real interpreter to test with, so a "3.13.6" is the 3.13.5 one whose
 * {@code sitecustomize.py} makes it report 3.13.6 (the probe then sees 3.13.6, as it would a real release). A broken
 * one lacks its {@code encodings} package: it cannot start, so its check fails as a truly broken build's would.
 * {@link #publish} serves such a jar at the Maven coordinates of that version and lists every release in the
 * artifact's {@code maven-metadata.xml}.
 */
public final class PatchReleaseJars {

    private static final String PREFIX = "org/bytedeco/cpython/" + TestPython.CLASSIFIER + "/";
    /** The JavaCPP part of the test CPython's Maven version ({@code 3.13.5-1.5.12}). */
    public static final String JAVACPP = TestPython.MAVEN_VERSION.substring(TestPython.MAVEN_VERSION.indexOf('-') + 1);

    private PatchReleaseJars() {
    }

    /** The test CPython reporting {@code version} (same minor). */
    public static Path relabelled(String version) {
        return build("cpython-" + version + "-relabelled.jar", version, false);
    }

    /** The test CPython labelled {@code version} that cannot start. */
    public static Path broken(String version) {
        return build("cpython-" + version + "-broken.jar", version, true);
    }

    /** The Maven version ({@code 3.13.6-1.5.12}) of a Python version. */
    public static String release(String version) {
        return version + "-" + JAVACPP;
    }

    /**
     * Serves {@code jar} as the CPython release of {@code version}, and a {@code maven-metadata.xml} listing the test
     * CPython's release and {@code listed} (Python versions).
     */
    public static void publish(LoopbackMavenRepository repository, String version, Path jar, List<String> listed) {
        repository.publish(LoopbackMavenRepository.artifactPath("org.bytedeco", "cpython", release(version), TestPython.CLASSIFIER, "jar"), jar);
        String versions = java.util.stream.Stream.concat(java.util.stream.Stream.of(TestPython.MAVEN_VERSION),
                        listed.stream().map(PatchReleaseJars::release))
                .map(v -> "      <version>" + v + "</version>").collect(Collectors.joining("\n"));
        repository.serve("org/bytedeco/cpython/maven-metadata.xml", ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <metadata>
                  <groupId>org.bytedeco</groupId>
                  <artifactId>cpython</artifactId>
                  <versioning>
                    <versions>
                %s
                    </versions>
                  </versioning>
                </metadata>
                """.formatted(versions)).getBytes(StandardCharsets.UTF_8));
    }

    private static synchronized Path build(String name, String version, boolean broken) {
        Path target = Path.of("target", "test-archives", name).toAbsolutePath();
        if (Files.isRegularFile(target)) {
            return target;
        }
        String[] parts = version.split("\\.");
        String relabel = """
                # Test fixture: the test CPython relabelled as another patch release of its minor.
                import sys
                class _VersionInfo(tuple):
                    major = property(lambda self: self[0])
                    minor = property(lambda self: self[1])
                    micro = property(lambda self: self[2])
                    releaselevel = property(lambda self: self[3])
                    serial = property(lambda self: self[4])
                sys.version_info = _VersionInfo((%s, %s, %s, 'final', 0))
                sys.version = '%s' + sys.version[len('%s'):]
                """.formatted(parts[0], parts[1], parts[2], version, TestPython.VERSION);
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), name, ".tmp");
            try (ZipFile jar = ZipFile.builder().setPath(TestPython.jar()).get();
                    ZipArchiveOutputStream out = new ZipArchiveOutputStream(temp)) {
                Enumeration<ZipArchiveEntry> entries = jar.getEntriesInPhysicalOrder();
                while (entries.hasMoreElements()) {
                    ZipArchiveEntry entry = entries.nextElement();
                    if (broken && entry.getName().startsWith(PREFIX + "lib/python3.13/encodings/")) {
                        continue;
                    }
                    out.addRawArchiveEntry(entry, jar.getRawInputStream(entry));
                }
                // Beside the standard library, not in site-packages: provisioning checks the interpreter early, before
                // site-packages is written; and not in site.py, which 3.13 runs frozen, never from the file.
                ZipArchiveEntry custom = new ZipArchiveEntry(PREFIX + "lib/python3.13/sitecustomize.py");
                out.putArchiveEntry(custom);
                out.write(relabel.getBytes(StandardCharsets.UTF_8));
                out.closeArchiveEntry();
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
