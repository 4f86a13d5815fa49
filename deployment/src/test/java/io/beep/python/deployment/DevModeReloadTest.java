package io.beep.python.deployment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beep.python.testing.TestPython;
import io.quarkus.test.QuarkusDevModeTest;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;

/** A hot reload keeps unchanged environments as they are and re-bootstraps only the one whose configuration changed. */
class DevModeReloadTest {

    static final Path HOME = Path.of("target", "dev-mode-home").toAbsolutePath();

    @RegisterExtension
    static final QuarkusDevModeTest APP = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar.addAsResource(new StringAsset(String.join("\n",
                    "beep.python.home=" + freshHome(),
                    "beep.python.interpreter=" + TestPython.executable(),
                    "beep.python.aux.interpreter=" + TestPython.executable(),
                    "")), "application.properties"));

    @Test
    void reloadReBootstrapsOnlyTheChangedEnvironment() throws IOException {
        awaitReady();
        FileTime defaultMarker = marker("default");
        FileTime auxMarker = marker("aux");

        APP.modifyResourceFile("application.properties", text -> text + "beep.python.aux.offline=true\n");
        awaitReady();

        assertThat(marker("default")).as("unchanged environment is not rebuilt").isEqualTo(defaultMarker);
        assertThat(marker("aux")).as("changed environment is bootstrapped again").isGreaterThan(auxMarker);
    }

    private static void awaitReady() {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    /** The newest marker among the environment's venvs: changed inputs make a new venv (venvs/NAME-KEY). */
    private static FileTime marker(String environment) throws IOException {
        FileTime newest = FileTime.fromMillis(0);
        for (java.nio.file.Path venv : io.beep.python.testing.TestHomes.venvs(HOME, environment)) {
            java.nio.file.Path marker = venv.resolve(".beep-python.json");
            if (Files.exists(marker) && Files.getLastModifiedTime(marker).compareTo(newest) > 0) {
                newest = Files.getLastModifiedTime(marker);
            }
        }
        return newest;
    }

    private static String freshHome() {
        try {
            if (Files.exists(HOME)) {
                try (var paths = Files.walk(HOME)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            return Files.createDirectories(HOME).toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
