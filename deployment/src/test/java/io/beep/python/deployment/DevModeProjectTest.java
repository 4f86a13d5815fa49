package io.beep.python.deployment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beep.python.testing.LoopbackPackageIndex;
import io.beep.python.testing.TestHomes;
import io.beep.python.testing.TestPython;
import io.beep.python.testing.WheelBuilder;
import io.quarkus.test.QuarkusDevModeTest;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * quarkus:dev picks up an edit of the project's {@code pyproject.toml}, and a lock made after the start: the
 * application restarts (as for an {@code application.properties} edit) and the environment is brought to the new
 * set, served by a loopback index.
 */
class DevModeProjectTest {

    static final Path HOME = Path.of("target", "dev-mode-project-home").toAbsolutePath();
    static final Path PROJECT = Path.of("target", "dev-mode-project").toAbsolutePath();

    static final WheelBuilder ALPHA_1_0 = WheelBuilder.wheel("beep-alpha", "1.0.0").module("beep_alpha/__init__.py", "V = '1.0.0'\n");
    static final LoopbackPackageIndex INDEX = startIndex();

    @RegisterExtension
    static final QuarkusDevModeTest APP = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar.addAsResource(new StringAsset(String.join("\n",
                    "beep.python.home=" + fresh(HOME),
                    "beep.python.interpreter=" + TestPython.executable(),
                    "beep.python.installer=pip",
                    "beep.python.index-url=" + INDEX.url(),
                    "beep.python.project=" + project("1.0.0"),
                    "")), "application.properties"));

    @AfterAll
    static void stopIndex() {
        INDEX.close();
    }

    @Test
    void editingPyprojectBringsTheEnvironmentToTheNewSet() throws IOException {
        awaitInstalled("1.0.0");

        Files.writeString(PROJECT.resolve("pyproject.toml"), pyproject("1.1.0"));

        awaitInstalled("1.1.0");

        // A lock made after the start counts too: it pins the older version, installed as locked.
        Files.writeString(PROJECT.resolve("pyproject.toml"), pyproject("1.1.0").replace("==1.1.0", ""));
        Files.writeString(PROJECT.resolve("pylock.toml"), pylock(ALPHA_1_0));

        awaitInstalled("1.0.0");
    }

    private static String pylock(WheelBuilder alpha) {
        return """
                lock-version = "1.0"
                created-by = "test"
                [[packages]]
                name = "beep-alpha"
                version = "%s"
                wheels = [{ url = "%sfiles/%s", hashes = { sha256 = "%s" } }]
                """.formatted(alpha.version(), INDEX.url().replace("simple/", ""), alpha.fileName(), WheelBuilder.sha256Hex(alpha.build()));
    }

    private static void awaitInstalled(String version) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            given().get("/q/health/ready").then().statusCode(200);
            assertThat(newestVenv().map(DevModeProjectTest::alphaVersion)).as("beep-alpha in the newest venv").hasValue(version);
        });
    }

    /** The venv whose marker is newest: a changed project makes a new venv (venvs/NAME-KEY). */
    private static Optional<Path> newestVenv() {
        return TestHomes.venvs(HOME, "default").stream().filter(v -> Files.exists(v.resolve(".beep-python.json")))
                .max(Comparator.comparing(v -> v.resolve(".beep-python.json").toFile().lastModified()));
    }

    private static String alphaVersion(Path venv) {
        try (Stream<Path> files = Files.walk(venv)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("beep_alpha-") && n.endsWith(".dist-info"))
                    .map(n -> n.substring("beep_alpha-".length(), n.length() - ".dist-info".length())).findFirst().orElse("none");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LoopbackPackageIndex startIndex() {
        LoopbackPackageIndex index = LoopbackPackageIndex.start()
                .add(ALPHA_1_0)
                .add(WheelBuilder.wheel("beep-alpha", "1.1.0").module("beep_alpha/__init__.py", "V = '1.1.0'\n"));
        index.addBundledPip(TestPython.installDir());
        return index;
    }

    private static String pyproject(String alpha) {
        return "[project]\nname = \"dev-app\"\nversion = \"0.1.0\"\ndependencies = [\"beep-alpha==" + alpha + "\"]\n";
    }

    private static String project(String alpha) {
        try {
            Files.createDirectories(fresh(PROJECT));
            Files.writeString(PROJECT.resolve("pyproject.toml"), pyproject(alpha));
            return PROJECT.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path fresh(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> paths = Files.walk(dir)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
