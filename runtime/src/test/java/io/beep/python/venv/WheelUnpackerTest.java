package io.beep.python.venv;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WheelUnpackerTest {

    @TempDir
    Path temp;

    @Test
    void aWheelIsUnpackedReadOnlyWithWhatPipAddsOnInstall() throws IOException {
        Path wheel = wheel("demo-1.0-py3-none-any.whl", "demo/__init__.py", "x = 1\n", false);

        WheelUnpacker.unpack(new BundledWheels.Wheel("demo", "1.0", wheel), temp.resolve("seed/demo-1.0"));

        assertThat(temp.resolve("seed/demo-1.0/demo/__init__.py")).hasContent("x = 1");
        assertThat(temp.resolve("seed/demo-1.0/demo-1.0.dist-info/INSTALLER")).hasContent("pip");
        assertThat(temp.resolve("seed/demo-1.0/demo-1.0.dist-info/REQUESTED")).exists();
        assertThat(Files.getPosixFilePermissions(temp.resolve("seed/demo-1.0/demo/__init__.py")))
                .doesNotContain(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    }

    @Test
    void anEntryThatClimbsOutOfTheCacheIsRefusedAndNothingIsLeft() throws IOException {
        Path wheel = wheel("evil-1.0-py3-none-any.whl", "../../escaped.py", "print('pwned')\n", false);

        assertThatThrownBy(() -> WheelUnpacker.unpack(new BundledWheels.Wheel("evil", "1.0", wheel), temp.resolve("seed/evil-1.0")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("../../escaped.py").hasMessageContaining(wheel.toString());

        assertThat(temp.resolve("escaped.py")).doesNotExist();
        assertThat(temp.resolve("seed/evil-1.0")).doesNotExist();
        try (Stream<Path> left = Files.list(temp.resolve("seed"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aSymbolicLinkEntryIsRefused() throws IOException {
        Path wheel = wheel("link-1.0-py3-none-any.whl", "link/passwd", "/etc/passwd", true);

        assertThatThrownBy(() -> WheelUnpacker.unpack(new BundledWheels.Wheel("link", "1.0", wheel), temp.resolve("seed/link-1.0")))
                .isInstanceOf(IOException.class).hasMessageContaining("symbolic link");
        assertThat(temp.resolve("seed/link-1.0")).doesNotExist();
    }

    /** A wheel with one extra entry beside a minimal dist-info. */
    private Path wheel(String fileName, String entryName, String content, boolean symlink) throws IOException {
        String distInfo = fileName.substring(0, fileName.indexOf("-py3")) + ".dist-info/";
        Path file = temp.resolve(fileName);
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file.toFile())) {
            put(zip, distInfo + "METADATA", "Metadata-Version: 2.1\nName: x\nVersion: 1.0\n", false);
            put(zip, distInfo + "WHEEL", "Wheel-Version: 1.0\n", false);
            put(zip, distInfo + "RECORD", "", false);
            put(zip, entryName, content, symlink);
        }
        return file;
    }

    private static void put(ZipArchiveOutputStream zip, String name, String content, boolean symlink) throws IOException {
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        if (symlink) {
            entry.setUnixMode(0120777);
        }
        zip.putArchiveEntry(entry);
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeArchiveEntry();
    }
}
