package io.beep.python.provision;

import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.LoopbackMavenRepository;
import io.beep.python.testing.ProcessCounter;
import io.beep.python.testing.TestPython;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A jar's interpreter is checked while the files a start never reads are still being written; an answer that may come
 * from a tree not yet whole (a failure, or no pip seen) is not trusted, and the check is made again once every file is
 * there. Real CPython re-packed into jars that make the first check fail or miss pip.
 */
class CheckWhileExtractingTest {

    /** Exits 3 on its first run, and imports quietly after: the first (early) check fails, the second passes. */
    private static final String FAILS_ONCE = """
            import os
            marker = os.path.join(os.path.dirname(__file__), "first-start-seen")
            if not os.path.exists(marker):
                open(marker, "w").close()
                os._exit(3)
            """;

    @TempDir
    Path home;
    @TempDir
    Path work;

    final ProcessCounter counter = new ProcessCounter();
    final ProcessRunner runner = counter.runner();
    LoopbackMavenRepository server;

    @BeforeEach
    void start() {
        server = LoopbackMavenRepository.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aCheckThatFailsBeforeEveryFileIsWrittenIsMadeAgainAndItsSecondAnswerCounts() throws Exception {
        Path jar = RepackedPython.jar("fails-once.jar", true, Map.of("lib/python3.13/sitecustomize.py", FAILS_ONCE));

        ProvisionedPython python = provision(jar, "fails-once.jar");

        assertThat(counter.count()).as("the early check, then the one on the whole tree").isEqualTo(2);
        assertThat(python.version()).isEqualTo(TestPython.VERSION);
        assertThat(python.executable()).isExecutable();
    }

    @Test
    void aJarWithoutDirectoryEntriesHasItsPipFoundByTheSecondCheckNotReinstalled() throws Exception {
        Path jar = RepackedPython.jar("no-directories.jar", false, Map.of());

        ProvisionedPython python = provision(jar, "no-directories.jar");

        // site-packages is written while the early check runs: whether it saw pip-*.dist-info is a race. Seen, its answer is
        // right and counts; not seen, the check is made again. Trusting a "no pip" would have run ensurepip and left no report.
        assertThat(counter.count()).isBetween(1L, 2L);
        assertThat(python.description()).hasValueSatisfying(report -> assertThat(report.pipVersion()).isNotBlank());
        assertThat(python.installDir().resolve("lib/python3.13/site-packages")).isDirectoryContaining("glob:**/pip");
    }

    @Test
    void anInterpreterThatNeverStartsIsRefusedWithTheSecondChecksAnswerAndNothingInstalled() {
        Path jar = RepackedPython.jar("never-starts.jar", true, Map.of("lib/python3.13/sitecustomize.py", "import os\nos._exit(3)\n"));

        assertThatThrownBy(() -> provision(jar, "never-starts.jar"))
                .isInstanceOfSatisfying(ProvisioningException.class,
                        e -> assertThat(e.reason()).isEqualTo(ProvisioningException.Reason.BROKEN_INTERPRETER))
                .hasMessageContaining("failed verification").hasMessageContaining("exit 3");
        assertThat(counter.count()).isEqualTo(2);
        assertThat(home.resolve("embedded")).satisfies(embedded -> {
            try (var children = Files.list(embedded)) {
                assertThat(children.filter(child -> !child.getFileName().toString().startsWith("."))).isEmpty();
            }
        });
    }

    /** Provisions {@code jar} as {@code source=url} (the real jar's own case, by Maven, is in {@link MavenProvisioningTest}). */
    private ProvisionedPython provision(Path jar, String servedAs) throws Exception {
        server.serve(servedAs, jar);
        return Fixtures.provisioner(home, runner, work.resolve("m2")).provision(
                Fixtures.url(TestPython.VERSION, server.uri(servedAs), LoopbackMavenRepository.sha256(jar)), DownloadListener.none(),
                Cancellation.none());
    }
}
