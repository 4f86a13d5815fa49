package io.beep.python.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beep.python.ProcessResult;
import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.LoopbackPackageIndex;
import io.beep.python.testing.TestPython;
import io.beep.python.testing.WheelBuilder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Eight application JVMs bootstrapping at once on one fresh home (real processes, real CPython and pip). */
class LoadAcrossProcessesTest {

    private static final int PROCESSES = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void eightProcessesBootstrappingOneEnvironmentProvisionOnceCreateOneVenvAndAllGetReady() throws IOException {
        try (LoopbackPackageIndex index = LoopbackPackageIndex.start()) {
            index.add(WheelBuilder.wheel("light", "2.0"));
            long begin = System.nanoTime();
            List<ProcessResult> results = all(i -> KilledBootstrapTest.Killable.spec(home, "shared", "provision", "light", index.url()));
            System.out.printf("%d processes, one environment: %.1f s%n", PROCESSES, (System.nanoTime() - begin) / 1e9);

            assertThat(results).allSatisfy(r -> assertThat(r.stdout()).as(r.stdout() + r.stderr()).contains("success=true"));
            assertThat(list(home.resolve("embedded"))).as("one interpreter, no work directory left").hasSize(1)
                    .allSatisfy(p -> assertThat(p.getFileName().toString()).startsWith("cpython-3.13.5-"));
            assertThat(list(home.resolve("venvs"))).extracting(p -> p.getFileName().toString()).singleElement().asString().startsWith("shared-");
            assertThat(index.requests()).filteredOn(r -> r.startsWith("/simple/light")).as("one install").hasSize(1);
            assertValidHomeFiles(1);
        }
    }

    @Test
    void eightProcessesBootstrappingEightEnvironmentsOnOneHomeAllGetReadyAndLoseNoEntry() throws IOException {
        try (LoopbackPackageIndex index = LoopbackPackageIndex.start()) {
            index.add(WheelBuilder.wheel("light", "2.0"));
            long begin = System.nanoTime();
            List<ProcessResult> results = all(i -> KilledBootstrapTest.Killable.spec(home, "env" + i, TestPython.executable().toString(),
                    "light", index.url()));
            System.out.printf("%d processes, %d environments: %.1f s%n", PROCESSES, PROCESSES, (System.nanoTime() - begin) / 1e9);

            assertThat(results).allSatisfy(r -> assertThat(r.stdout()).as(r.stdout() + r.stderr()).contains("success=true"));
            assertThat(list(home.resolve("venvs"))).hasSize(PROCESSES);
            for (int i = 0; i < PROCESSES; i++) {
                assertThat(io.beep.python.testing.TestHomes.venv(home, "env" + i).resolve("bin/python")).isExecutable();
            }
            assertValidHomeFiles(1);
        }
    }

    /** {@code runtimes.json} and the profiles file parse, carry their schema, and list {@code interpreters} runtimes once each. */
    private void assertValidHomeFiles(int interpreters) throws IOException {
        JsonNode runtimes = JSON.readTree(home.resolve("runtimes.json").toFile());
        assertThat(runtimes.path("schemaVersion").asText()).isEqualTo("1.0");
        JsonNode entries = runtimes.path("runtimes");
        List<String> ids = Stream.iterate(0, i -> i < entries.size(), i -> i + 1).map(i -> entries.get(i).path("id").asText()).toList();
        assertThat(ids).as(runtimes.toPrettyString()).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(interpreters);
        Path profiles = home.resolve("package-requirements.json");
        if (Files.exists(profiles)) {
            assertThat(JSON.readTree(profiles.toFile()).path("schemaVersion").asText()).isEqualTo("1.0");
        }
        try (Stream<Path> files = Files.list(home)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left in the home").noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    private static List<ProcessResult> all(java.util.function.IntFunction<io.beep.python.process.ProcessSpec> spec) {
        ProcessRunner runner = new ProcessRunner();
        List<CompletableFuture<ProcessResult>> running = IntStream.range(0, PROCESSES)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> runner.run(spec.apply(i)), java.util.concurrent.Executors.newSingleThreadExecutor()))
                .toList();
        return running.stream().map(CompletableFuture::join).toList();
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        }
    }
}
