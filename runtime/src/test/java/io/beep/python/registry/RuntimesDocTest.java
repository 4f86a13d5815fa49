package io.beep.python.registry;

import io.beep.python.process.ProcessRunner;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The examples of {@code docs/runtimes.md} hold: its runtimes.json reads, its Java pins a runtime. */
class RuntimesDocTest {

    private static final Path PAGE = Path.of("..", "docs", "runtimes.md");

    @TempDir
    Path home;

    @Test
    void theDocumentedFileIsReadAsDocumented() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(PAGE), "docs page not found at " + PAGE.toAbsolutePath());
        Matcher json = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(PAGE));
        assertThat(json.find()).as("the page shows a runtimes.json").isTrue();
        Files.writeString(home.resolve("runtimes.json"), json.group(1));

        RuntimeStore.Snapshot snapshot = new RuntimeStore(home).load();

        assertThat(snapshot.defaultId()).isEqualTo("cpython-3.12-e7d08047");
        PythonRuntimeInfo info = snapshot.entries().get("cpython-3.12-e7d08047").toInfo();
        assertThat(info.version()).isEqualTo("3.12.1");
        assertThat(info.source()).isEqualTo("pyenv");
        assertThat(info.stdlib()).contains(Path.of("/home/ana/.pyenv/versions/3.12.1/lib/python3.12"));
        assertThat(info.pipVersion()).contains("23.2.1");
    }

    @Test
    void theDocumentedPinWorks() {
        Path bin = home.resolve("bin");
        TestLayouts.link(bin.resolve("python3.12"), MachineInterpreters.pyenv("3.12.1"));
        TestLayouts.link(bin.resolve("python3.13"), MachineInterpreters.pyenv("3.13.0"));
        PythonRuntimeRegistry registry = new PythonRuntimeRegistry(home, new ProcessRunner(),
                DiscoveryRoots.isolated(home, List.of(bin)), Duration.ofSeconds(20));

        // As on the page:
        PythonRuntimeInfo python = registry.find("3.12").orElseThrow(
                () -> new IllegalStateException(registry.explainMiss("3.12")));
        registry.setDefaultRuntime(python.id());

        assertThat(registry.find("3")).map(PythonRuntimeInfo::version).contains("3.12.1");
    }
}
