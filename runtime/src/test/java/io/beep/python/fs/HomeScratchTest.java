package io.beep.python.fs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@link HomeLayout.Scratch#removeAbandoned}: every kind of the home's scratch, named as its makers name it, goes when its
 * maker is gone (a real process that exited) and stays while it lives (this JVM) or when its name carries no tag.
 */
class HomeScratchTest {

    @TempDir
    Path home;

    @Test
    void everyKindOfAGoneRunsScratchIsRemovedAndALiveOnesAndUntaggedOnesStay() throws Exception {
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        // ScratchOwner's tag for that process: its pid, a start time, and this pid namespace (the same one: we started it).
        String goneTag = exited.pid() + "-1-" + ScratchOwner.tag().split("-")[2];
        HomeLayout layout = HomeLayout.of(home);
        List<Path> gone = List.of(
                dir(layout.tmp().resolve(HomeLayout.Scratch.INSTALL_WORK + goneTag + "-123")),
                file(layout.tmp().resolve(HomeLayout.Scratch.INSTALL_ARGS + goneTag + "-456" + HomeLayout.Scratch.INSTALL_ARGS_SUFFIX)),
                dir(layout.uvTool().resolve(HomeLayout.Scratch.UV_DOWNLOAD + goneTag + "-7")),
                dir(layout.uvTool().resolve(HomeLayout.Scratch.UV_STAGING + goneTag + "-8")),
                dir(layout.embedded().resolve(HomeLayout.Scratch.UNPACKING + "cpython-3.13.5-linux-x86_64-" + goneTag + "-99")));
        List<Path> kept = List.of(
                dir(layout.tmp().resolve(HomeLayout.Scratch.named(HomeLayout.Scratch.INSTALL_WORK) + "1")),
                dir(layout.uvTool().resolve(HomeLayout.Scratch.named(HomeLayout.Scratch.UV_STAGING) + "2")),
                dir(layout.embedded().resolve(HomeLayout.Scratch.UNPACKING + "cpython-3.13.5-linux-x86_64-" + ScratchOwner.tag() + "-3")),
                dir(layout.tmp().resolve("install-someone-elses")),
                dir(layout.embedded().resolve("cpython-3.13.5-linux-x86_64")));

        int removed = HomeLayout.Scratch.removeAbandoned(home);

        assertThat(gone).noneMatch(Files::exists);
        assertThat(kept).allMatch(Files::exists);
        assertThat(removed).isEqualTo(gone.size());
    }

    private static Path dir(Path path) throws IOException {
        Files.createDirectories(path);
        Files.writeString(path.resolve("content"), "x");
        return path;
    }

    private static Path file(Path path) throws IOException {
        Files.createDirectories(path.getParent());
        return Files.writeString(path, "x");
    }
}
