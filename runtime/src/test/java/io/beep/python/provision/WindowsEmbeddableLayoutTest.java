package io.beep.python.provision;

import io.beep.python.fs.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The layout logic for Windows runs everywhere; only Linux runs a real interpreter. */
class WindowsEmbeddableLayoutTest {

    @TempDir
    Path root;

    final InterpreterLayout windows = new InterpreterLayout(new Platform("windows", "x86_64", false));

    @Test
    void theEmbeddablePthFileGetsSiteAndSitePackagesEnabled() throws Exception {
        Files.writeString(root.resolve("python313._pth"), "python313.zip\r\n.\r\n\r\n# Uncomment to run site.main() automatically\r\n#import site\r\n");

        assertThat(windows.enableSiteInEmbeddable(root)).isTrue();

        assertThat(Files.readAllLines(root.resolve("python313._pth"))).containsExactly("python313.zip", ".", "",
                "# Uncomment to run site.main() automatically", "Lib\\site-packages", "import site");
        assertThat(root.resolve("Lib/site-packages")).isDirectory();
        assertThat(root.resolve("Scripts")).isDirectory();
    }

    @Test
    void enablingTwiceChangesNothingMore() throws Exception {
        Files.writeString(root.resolve("python312._pth"), "python312.zip\n.\n#import site\n");
        windows.enableSiteInEmbeddable(root);
        String once = Files.readString(root.resolve("python312._pth"));

        windows.enableSiteInEmbeddable(root);

        assertThat(root.resolve("python312._pth")).hasContent(once);
        assertThat(once.split("import site", -1)).hasSize(2);
    }

    @Test
    void aFullInstallWithoutPthFileIsLeftAlone() throws Exception {
        Files.writeString(root.resolve("python.exe"), "MZ");

        assertThat(windows.enableSiteInEmbeddable(root)).isFalse();
        assertThat(root.resolve("Scripts")).doesNotExist();
    }

    @Test
    void theWindowsExecutableIsPythonExeAtTheRoot() throws Exception {
        Path wrapped = Files.createDirectories(root.resolve("python"));
        Files.writeString(wrapped.resolve("python.exe"), "MZ");

        assertThat(windows.executable(root)).isEqualTo(root.resolve("python.exe"));
        assertThat(windows.findRoot(root)).contains(wrapped);
    }
}
