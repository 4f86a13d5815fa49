package io.beep.python.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/** A packaged application's {@code src/main/python}, carried as resources and unpacked under the home. */
class ApplicationPythonSourcesTest {

    @TempDir
    Path dir;

    @Test
    void unpackingIntoANewHomeCreatesItOwnerOnly() throws Exception {
        // The application's files are unpacked when the environments are set up, before any bootstrap prepares the home.
        Path jar = dir.resolve("classes");
        Files.writeString(Files.createDirectories(jar.resolve(ApplicationPythonSources.RESOURCE_ROOT + "pkg")).resolve("hello.py"),
                "def hello():\n    return 'hi'\n");
        Path home = dir.resolve("fresh/home");

        Optional<Path> located;
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, previous)) {
            thread.setContextClassLoader(loader);
            located = ApplicationPythonSources.locate(home, null, List.of("pkg/hello.py"), "d1g3st");
        } finally {
            thread.setContextClassLoader(previous);
        }

        assertThat(located).contains(home.resolve("app/d1g3st"));
        assertThat(home.resolve("app/d1g3st/pkg/hello.py")).hasContent("def hello():\n    return 'hi'");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
    }
}
