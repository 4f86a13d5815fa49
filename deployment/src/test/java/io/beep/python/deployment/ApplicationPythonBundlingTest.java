package io.beep.python.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beep.python.quarkus.ApplicationPythonSources;
import io.quarkus.deployment.builditem.GeneratedResourceBuildItem;
import io.quarkus.deployment.builditem.LaunchModeBuildItem;
import io.quarkus.deployment.pkg.builditem.OutputTargetBuildItem;
import io.quarkus.runtime.LaunchMode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * What a packaged application carries of {@code src/main/python}, by the build step itself on a real project tree
 * with real links: what dev mode imports through a link inside the tree is carried, a link leading out of the tree
 * fails the build naming the link and its target, and a large file is carried with a warning naming it.
 */
class ApplicationPythonBundlingTest {

    @TempDir
    Path project;

    private Path sources() throws IOException {
        return Files.createDirectories(project.resolve("src/main/python"));
    }

    /** The build step as a packaging build runs it: the resources it produced, by name. */
    private Map<String, String> bundle(LaunchMode mode) throws IOException {
        List<GeneratedResourceBuildItem> resources = new ArrayList<>();
        new BeepPythonProcessor().applicationPython(new OutputTargetBuildItem(project.resolve("target"), "app", false, new Properties(),
                Optional.empty()), new LaunchModeBuildItem(mode, Optional.empty(), false, Optional.empty(), false), resources::add);
        return resources.stream().collect(Collectors.toMap(r -> r.getName().substring(ApplicationPythonSources.RESOURCE_ROOT.length()),
                r -> new String(r.getData(), StandardCharsets.UTF_8)));
    }

    @Test
    void aLinkToAFileOutsideTheTreeFailsTheBuildNamingLinkAndTargetAndNothingOfItIsCarried() throws IOException {
        Path sources = sources();
        Files.writeString(sources.resolve("app.py"), "x = 1\n");
        Path secret = Files.writeString(project.resolve("secret.txt"), "s3cret-token");
        Path link = Files.createSymbolicLink(sources.resolve("config.py"), secret);

        for (LaunchMode mode : List.of(LaunchMode.NORMAL, LaunchMode.TEST)) {
            assertThatThrownBy(() -> bundle(mode)).as(mode.name()).hasMessageContaining("the link " + link)
                    .hasMessageContaining(secret.toRealPath().toString()).hasMessageContaining("outside")
                    .hasMessageNotContaining("s3cret-token");
        }
    }

    @Test
    void aLinkToADirectoryOutsideTheTreeFailsTheBuild() throws IOException {
        Path sources = sources();
        Path elsewhere = Files.createDirectories(project.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("keys.py"), "KEY = 's3cret-token'\n");
        Path link = Files.createSymbolicLink(sources.resolve("shared"), elsewhere);

        assertThatThrownBy(() -> bundle(LaunchMode.NORMAL)).hasMessageContaining("the link " + link)
                .hasMessageContaining(elsewhere.toRealPath().toString());
    }

    @Test
    void aLinkToADirectoryInsideTheTreeIsCarriedAsDevModeImportsIt() throws IOException {
        Path sources = sources();
        Path real = Files.createDirectories(sources.resolve("impl/shop"));
        Files.writeString(real.resolve("prices.py"), "def total(): return 3\n");
        Files.createSymbolicLink(sources.resolve("shop"), real);
        // Links the workers never see are not looked at: a .venv beside the code may point anywhere.
        Files.createSymbolicLink(sources.resolve(".venv"), project);

        Map<String, String> carried = bundle(LaunchMode.NORMAL);

        assertThat(carried).containsEntry("shop/prices.py", "def total(): return 3\n").containsKey("impl/shop/prices.py");
        assertThat(carried.keySet()).noneMatch(name -> name.startsWith(".venv"));
    }

    @Test
    void aLinkThatLoopsFailsTheBuildInsteadOfWalkingForever() throws IOException {
        Path sources = sources();
        Path link = Files.createSymbolicLink(Files.createDirectories(sources.resolve("pkg")).resolve("again"), sources.resolve("pkg"));

        assertThatThrownBy(() -> bundle(LaunchMode.NORMAL)).hasMessageContaining("the link " + link).hasMessageContaining("loop");
    }

    @Test
    void aFileAboveTheSizeLimitIsCarriedWithAWarningNamingIt() throws IOException {
        Path sources = sources();
        Path model = sources.resolve("model.bin");
        try (RandomAccessFile file = new RandomAccessFile(model.toFile(), "rw")) {
            file.setLength(ApplicationPythonFiles.LARGE_FILE_BYTES + 1);
        }
        Files.writeString(sources.resolve("small.py"), "x = 1\n");

        ApplicationPythonFiles.Found found = ApplicationPythonFiles.walk(sources);

        assertThat(found.files()).extracting(ApplicationPythonFiles.SourceFile::name).containsExactly("model.bin", "small.py");
        assertThat(found.warnings()).singleElement().asString().contains(model.toString()).contains("10 MB");
        assertThat(bundle(LaunchMode.NORMAL)).containsKeys("model.bin", "small.py");
    }
}
