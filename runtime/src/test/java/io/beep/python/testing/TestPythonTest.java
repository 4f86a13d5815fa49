package io.beep.python.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the test interpreter lives: under this build's own directory, never in a place other checkouts or runs share. */
class TestPythonTest {

    @Test
    void theTestInterpreterIsUnderThisBuildsDirectoryNotTheSharedTemporaryDirectory() throws Exception {
        String work = System.getProperty(TestPython.WORK_PROPERTY);
        assertThat(work).as("Surefire sets %s to the module's build directory", TestPython.WORK_PROPERTY).isNotBlank();

        Path build = Path.of(work).toRealPath();
        assertThat(TestPython.home()).isEqualTo(Path.of(work).toAbsolutePath().resolve("beep-python-test-python"));
        assertThat(TestPython.executable()).isRegularFile();
        assertThat(TestPython.executable().toRealPath()).as("the interpreter itself").startsWith(build);
        // Provisioned whole: nothing staged is left beside the interpreter once it is in place.
        try (var entries = Files.list(TestPython.installDir().getParent())) {
            assertThat(entries.map(p -> p.getFileName().toString())).allSatisfy(name -> assertThat(name).doesNotStartWith(".tmp-"));
        }
    }
}
