package io.beep.python.registry;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The relocatable CPython 3.13.5 test dependency ({@code org.bytedeco:cpython}), unpacked once under
 * {@code target/} and reused: what a managed interpreter under {@code ${home}/embedded} looks like.
 */
final class RelocatableCPython {

    static final String VERSION = "3.13.5";
    private static final String PREFIX = "org/bytedeco/cpython/linux-x86_64/";
    private static final Path TARGET = Path.of("target", "registry-test-cpython-" + VERSION).toAbsolutePath();

    private RelocatableCPython() {
    }

    /** The unpacked installation root ({@code bin/python3} inside), or the test is skipped when the jar is absent. */
    static synchronized Path root() {
        URL marker = RelocatableCPython.class.getResource("/" + PREFIX + "bin/python3");
        Assumptions.assumeTrue(marker != null && "jar".equals(marker.getProtocol()),
                "org.bytedeco:cpython:" + VERSION + " linux-x86_64 is not on the test class path");
        Path done = TARGET.resolve(".complete");
        if (Files.exists(done)) {
            return TARGET;
        }
        try {
            String jar = marker.getPath().substring("file:".length(), marker.getPath().indexOf("!/"));
            Path temp = Files.createTempDirectory(TARGET.getParent(), "cpython-unpacking");
            unpack(Path.of(new java.net.URI("file", null, jar, null)), temp);
            if (Files.exists(TARGET)) {
                throw new IOException(TARGET + " exists but is incomplete; delete it");
            }
            Files.move(temp, TARGET, StandardCopyOption.ATOMIC_MOVE);
            Files.createFile(done);
            return TARGET;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void unpack(Path jar, Path into) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (!entry.getName().startsWith(PREFIX) || entry.isDirectory()) {
                    continue;
                }
                Path file = into.resolve(entry.getName().substring(PREFIX.length())).normalize();
                if (!file.startsWith(into)) {
                    throw new IOException("entry escapes the target: " + entry.getName());
                }
                Files.createDirectories(file.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, file);
                }
                // The jar carries no Unix modes: the interpreters must be made executable.
                if (entry.getName().startsWith(PREFIX + "bin/")) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
    }
}
