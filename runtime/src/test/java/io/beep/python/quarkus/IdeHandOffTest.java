package io.beep.python.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beep.python.bootstrap.BootstrapOptions;
import io.beep.python.bootstrap.PythonBootstrapManager;
import io.beep.python.bootstrap.StartupMode;
import io.beep.python.testing.TestPython;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

/** beep.python.dev.ide: the VS Code settings merge on real files, and when it writes nothing. */
class IdeHandOffTest {

    @TempDir
    Path project;

    private final Path interpreter = Path.of("/home/dev/.beep-python/venvs/default-abc/bin/python");

    @Test
    void mergesTheInterpreterIntoExistingSettingsKeepingTheOtherKeysInTheirOrder() throws IOException {
        Path settings = Files.createDirectories(project.resolve(".vscode")).resolve("settings.json");
        Files.writeString(settings, "{\n  \"editor.tabSize\": 2,\n  \"files.exclude\": {\"**/target\": true},\n  \"zeta\": [1, 2]\n}\n");

        IdeHandOff.Outcome outcome = new IdeHandOff(DevIde.AUTO, project).handOff("default", interpreter);

        assertThat(outcome).isEqualTo(IdeHandOff.Outcome.WRITTEN);
        String text = Files.readString(settings);
        assertThat(text).containsSubsequence("\"editor.tabSize\" : 2", "\"files.exclude\"", "\"**/target\" : true", "\"zeta\"",
                "\"python.defaultInterpreterPath\" : \"" + interpreter + "\"");
        try (Stream<Path> files = Files.list(settings.getParent())) {
            assertThat(files).as("replaced atomically: no temporary file left").containsExactly(settings);
        }
        assertThat(new IdeHandOff(DevIde.AUTO, project).handOff("default", interpreter)).isEqualTo(IdeHandOff.Outcome.ALREADY_SET);
    }

    @Test
    void anExistingKeyIsUpdatedInItsPlace() throws IOException {
        Path settings = Files.createDirectories(project.resolve(".vscode")).resolve("settings.json");
        Files.writeString(settings, "{\"python.defaultInterpreterPath\": \"/old/python\", \"after\": true}");

        new IdeHandOff(DevIde.AUTO, project).handOff("default", interpreter);

        assertThat(Files.readString(settings)).containsSubsequence("\"python.defaultInterpreterPath\" : \"" + interpreter + "\"", "\"after\"")
                .doesNotContain("/old/python");
    }

    @Test
    void outsideARepositoryAVscodeFolderAboveTheProjectIsNotTakenForItsOwn() throws IOException {
        // Like ~/.vscode (VS Code's extensions) above a project that is not in a git repository.
        Files.createDirectories(project.resolve(".vscode"));
        Path module = Files.createDirectories(project.resolve("service"));

        assertThat(new IdeHandOff(DevIde.AUTO, module).vscodeFolder()).isEmpty();
        new IdeHandOff(DevIde.AUTO, module).handOff("default", interpreter);
        assertThat(project.resolve(".vscode/settings.json")).doesNotExist();
    }

    @Test
    void aModuleOfTheProjectFindsTheVscodeFolderOfTheRepositoryRoot() throws IOException {
        Files.createDirectories(project.resolve(".git"));
        Files.createDirectories(project.resolve(".vscode"));
        Path module = Files.createDirectories(project.resolve("service"));

        assertThat(new IdeHandOff(DevIde.AUTO, module).handOff("default", interpreter)).isEqualTo(IdeHandOff.Outcome.WRITTEN);
        assertThat(Files.readString(project.resolve(".vscode/settings.json"))).contains(interpreter.toString());
        assertThat(module.resolve(".vscode")).doesNotExist();
    }

    @Test
    void withoutAVscodeFolderAutoWritesNothingAndOnMakesIt() throws IOException {
        Files.createDirectories(project.resolve(".git")); // the search stops at the repository's root

        assertThat(new IdeHandOff(DevIde.AUTO, project).handOff("default", interpreter)).isEqualTo(IdeHandOff.Outcome.NO_VSCODE_FOLDER);
        assertThat(project.resolve(".vscode")).doesNotExist();

        assertThat(new IdeHandOff(DevIde.ON, project).handOff("default", interpreter)).isEqualTo(IdeHandOff.Outcome.WRITTEN);
        assertThat(Files.readString(project.resolve(".vscode/settings.json"))).contains(interpreter.toString());
    }

    @Test
    void offWritesNothingEvenWithAVscodeFolder() throws IOException {
        Files.createDirectories(project.resolve(".vscode"));

        assertThat(new IdeHandOff(DevIde.OFF, project).handOff("default", interpreter)).isEqualTo(IdeHandOff.Outcome.OFF);
        assertThat(project.resolve(".vscode/settings.json")).doesNotExist();
    }

    @Test
    void settingsWithCommentsAreLeftAsTheyAre() throws IOException {
        Path settings = Files.createDirectories(project.resolve(".vscode")).resolve("settings.json");
        String commented = "{\n  // the team's tab size\n  \"editor.tabSize\": 2,\n}\n";
        Files.writeString(settings, commented);

        assertThat(new IdeHandOff(DevIde.AUTO, project).handOff("default", interpreter)).isEqualTo(IdeHandOff.Outcome.NOT_REWRITTEN);
        assertThat(Files.readString(settings)).isEqualTo(commented);
    }

    /** In the application: once the default environment is ready, its venv's python is what VS Code is given. */
    @Test
    void theDefaultEnvironmentsInterpreterIsHandedOverWhenItIsReady(@TempDir Path home) throws IOException {
        Path settings = Files.createDirectories(project.resolve(".vscode")).resolve("settings.json");
        PythonBootstrapManager manager = new PythonBootstrapManager(home);
        PythonEnvironments environments = new PythonEnvironments(manager, Map.of(BeepPythonConfig.DEFAULT_ENVIRONMENT,
                BootstrapOptions.builder().environmentName(BeepPythonConfig.DEFAULT_ENVIRONMENT).interpreter(TestPython.executable()).build()),
                Map.of(BeepPythonConfig.DEFAULT_ENVIRONMENT, StartupMode.BLOCKING), Duration.ofMinutes(1));
        environments.handOffToIde(new IdeHandOff(DevIde.AUTO, project));
        try {
            environments.start();
            Path python = environments.get(BeepPythonConfig.DEFAULT_ENVIRONMENT).interpreter();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(settings).exists());
            assertThat(Files.readString(settings)).contains("\"python.defaultInterpreterPath\" : \"" + python + "\"");
            assertThat(python.toString()).startsWith(home.toString());
        } finally {
            environments.stop();
        }
    }
}
