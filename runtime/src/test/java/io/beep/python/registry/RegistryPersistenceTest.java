package io.beep.python.registry;

import io.beep.python.process.ProcessRunner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code runtimes.json}: its format, damaged and newer files, vanished interpreters, the pinned default. */
class RegistryPersistenceTest {

    @TempDir
    Path user;

    @TempDir
    Path home;

    private final ProcessRunner runner = new ProcessRunner();

    private PythonRuntimeRegistry registry(Path... bins) {
        return new PythonRuntimeRegistry(home, runner, DiscoveryRoots.isolated(user, List.of(bins)), Duration.ofSeconds(20));
    }

    private Path binWith312() {
        Path bin = user.resolve("bin");
        TestLayouts.link(bin.resolve("python3"), MachineInterpreters.pyenv("3.12.1"));
        return bin;
    }

    @Test
    void writesSchemaVersionAndEveryFieldOfAnInterpreter() throws Exception {
        registry(binWith312()).initialize();

        JsonNode file = new ObjectMapper().readTree(home.resolve("runtimes.json").toFile());

        assertThat(file.get("schemaVersion").asText()).isEqualTo("1.0");
        JsonNode entry = file.get("runtimes").get(0);
        assertThat(entry.get("id").asText()).startsWith("cpython-3.12-");
        assertThat(entry.get("version").asText()).isEqualTo("3.12.1");
        assertThat(entry.get("status").asText()).isEqualTo("READY");
        assertThat(entry.get("source").asText()).isEqualTo("path");
        assertThat(entry.get("realPath").asText()).isEqualTo(MachineInterpreters.pyenv("3.12.1").toRealPath().toString());
        assertThat(entry.get("size").asLong()).isEqualTo(Files.size(MachineInterpreters.pyenv("3.12.1").toRealPath()));
        assertThat(entry.has("modified")).isTrue();
        assertThat(entry.get("stdlib").asText()).endsWith("lib/python3.12");
        assertThat(entry.get("externallyManaged").asBoolean()).isFalse();
        assertThat(home.resolve("locks/runtimes.json.lock")).exists();
        try (Stream<Path> leftovers = Files.list(home)) {
            assertThat(leftovers).noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
        }
    }

    @Test
    void aCorruptedFileIsMovedAsideAndRebuiltByDiscovery() throws Exception {
        Files.createDirectories(home);
        Files.writeString(home.resolve("runtimes.json"), "{\"schemaVersion\": \"1.0\", \"runtimes\": [ {\"id\": ");
        PythonRuntimeRegistry registry = registry(binWith312());

        registry.initialize();

        assertThat(registry.list()).extracting(PythonRuntimeInfo::version).containsExactly("3.12.1");
        try (Stream<Path> files = Files.list(home)) {
            List<Path> aside = files.filter(p -> p.getFileName().toString().startsWith("runtimes.json.corrupt-")).toList();
            assertThat(aside).singleElement().satisfies(p -> assertThat(Files.readString(p)).contains("\"runtimes\": [ {\"id\": "));
        }
        assertThat(new ObjectMapper().readTree(home.resolve("runtimes.json").toFile()).get("runtimes")).hasSize(1);
    }

    @Test
    void aFileWithoutSchemaVersionIsCorruptToo() throws Exception {
        Files.createDirectories(home);
        Files.writeString(home.resolve("runtimes.json"), "[1, 2, 3]");

        registry(binWith312()).initialize();

        assertThat(new ObjectMapper().readTree(home.resolve("runtimes.json").toFile()).get("schemaVersion").asText()).isEqualTo("1.0");
    }

    @Test
    void aFileFromANewerSchemaIsRefusedAndLeftUntouched() throws Exception {
        Files.createDirectories(home);
        String newer = "{\"schemaVersion\": \"2.0\", \"interpreters\": {\"x\": {}}}";
        Files.writeString(home.resolve("runtimes.json"), newer);

        assertThatThrownBy(() -> registry(binWith312()).initialize())
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RegistryException.Reason.NEWER_SCHEMA);
                    assertThat(e.input()).contains(home.resolve("runtimes.json").toString());
                })
                .hasMessageContaining("schemaVersion 2.0")
                .hasMessageContaining("left untouched");
        assertThat(Files.readString(home.resolve("runtimes.json"))).isEqualTo(newer);
    }

    @Test
    void aRegisteredRuntimeWhoseExecutableDisappearedBecomesError() throws Exception {
        Path managed = TestLayouts.link(home.resolve("embedded/cpython-3.13.0-test/bin/python3"), MachineInterpreters.pyenv("3.13.0"));
        PythonRuntimeInfo registered = registry().registerManagedRuntime("Managed 3.13", PythonRuntimeType.EMBEDDED, managed);
        Files.delete(managed);

        PythonRuntimeRegistry later = registry();
        later.initialize();

        PythonRuntimeInfo info = later.getRuntime(registered.id()).orElseThrow();
        assertThat(info.status()).isEqualTo(PythonRuntimeStatus.ERROR);
        assertThat(info.error()).hasValueSatisfying(e -> assertThat(e).contains(managed.toString()).contains("no longer exists"));
        assertThat(info.name()).isEqualTo("Managed 3.13");
        assertThat(later.find("3.13")).isEmpty();
        assertThat(later.explain("3.13")).extracting(SkippedCandidate::reason).containsExactly(SkippedCandidate.Reason.NOT_READY);
    }

    @Test
    void aDiscoveredRuntimeThatVanishedIsDropped() throws Exception {
        Path bin = binWith312();
        registry(bin).initialize();
        Files.delete(bin.resolve("python3"));

        assertThat(registry(bin).list()).isEmpty();
    }

    @Test
    void registeringNamesTheRuntimeAndKeepsItWhenDiscoveryFindsItToo() {
        Path managed = TestLayouts.link(home.resolve("embedded/cpython-3.13.0-test/bin/python3"), MachineInterpreters.pyenv("3.13.0"));
        PythonRuntimeInfo info = registry().registerManagedRuntime("Managed 3.13", PythonRuntimeType.EMBEDDED, managed);

        PythonRuntimeRegistry later = registry();

        assertThat(later.list()).singleElement().satisfies(found -> {
            assertThat(found.id()).isEqualTo(info.id());
            assertThat(found.name()).isEqualTo("Managed 3.13");
            assertThat(found.type()).isEqualTo(PythonRuntimeType.EMBEDDED);
            assertThat(found.source()).isEqualTo("managed");
        });
    }

    @Test
    void thePinnedDefaultIsPersistedAndPreferredByFind() {
        Path bin = user.resolve("bin");
        Path python312 = TestLayouts.link(bin.resolve("python3.12"), MachineInterpreters.pyenv("3.12.1"));
        TestLayouts.link(bin.resolve("python3.13"), MachineInterpreters.pyenv("3.13.0"));
        PythonRuntimeRegistry registry = registry(bin);
        assertThat(registry.find("3")).map(PythonRuntimeInfo::version).contains("3.13.0");

        registry.setDefaultRuntime(python312.toString());

        PythonRuntimeRegistry later = registry(bin);
        assertThat(later.getDefaultRuntime()).map(PythonRuntimeInfo::version).contains("3.12.1");
        assertThat(later.find("3")).map(PythonRuntimeInfo::version).contains("3.12.1");
        assertThat(later.find("3.13")).map(PythonRuntimeInfo::version).as("a pin that does not match is passed over").contains("3.13.0");
    }

    @Test
    void pinningAnUnknownRuntimeNamesItAndTheKnownOnes() {
        PythonRuntimeRegistry registry = registry(binWith312());

        assertThatThrownBy(() -> registry.setDefaultRuntime("cpython-3.99-deadbeef"))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.UNKNOWN_RUNTIME))
                .hasMessageContaining("Unknown runtime 'cpython-3.99-deadbeef'; known: cpython-3.12-");
    }

    @Test
    void anotherRegistrysEntriesSurviveThisOnesWrite() {
        Path python312 = MachineInterpreters.pyenv("3.12.1");
        Path python313 = MachineInterpreters.pyenv("3.13.0");
        PythonRuntimeRegistry first = registry();
        first.initialize();
        PythonRuntimeRegistry second = registry();
        second.registerManagedRuntime("from second", PythonRuntimeType.SYSTEM, python312);

        first.registerManagedRuntime("from first", PythonRuntimeType.SYSTEM, python313);

        assertThat(registry().list()).extracting(PythonRuntimeInfo::name)
                .containsExactlyInAnyOrder("from first", "from second");
        assertThat(first.list()).hasSize(2);
    }
}
