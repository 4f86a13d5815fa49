package io.beep.python.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.beep.python.testing.LoopbackMavenRepository;
import io.beep.python.testing.TestHomes;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

/**
 * No Python needed on the machine: runtime=embedded provisions CPython from a Maven repository
 * (the local one first, as Maven does, then the configured one) into ${home}/embedded/, two
 * versions side by side.
 */
@QuarkusTest
@TestProfile(EmbeddedProvisioningTest.Embedded.class)
class EmbeddedProvisioningTest {

    public static class Embedded implements QuarkusTestProfile {
        static final String HOME = TestHomes.create("embedded");

        @Override
        public Map<String, String> getConfigOverrides() {
            // An empty repository on loopback: the artifacts come from the local repository, tried first.
            String repository = LoopbackMavenRepository.start().uri().toString();
            return Map.of("beep.python.home", HOME,
                    "beep.python.runtime", "embedded",
                    "beep.python.python-version", "3.13",
                    "beep.python.packages", "",
                    "beep.python.distribution.maven-repository", repository,
                    "beep.python.\"py314\".runtime", "embedded",
                    "beep.python.\"py314\".python-version", "3.14",
                    "beep.python.\"py314\".distribution.maven-repository", repository,
                    "beep.python.aux.runtime", "embedded");
        }
    }

    @Test
    void provisionsManagedInterpretersSideBySideUnderHome() {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));

        given().queryParam("code", "import sys; print('%d.%d.%d' % sys.version_info[:3]); print(sys.base_prefix)")
                .get("/python/default/exec").then()
                .body("exitCode", equalTo(0))
                .body("stdout", startsWith("3.13."))
                .body("stdout", containsString("test-homes/embedded-")).body("stdout", containsString("/embedded/cpython-"));
        given().queryParam("code", "import sys; print('%d.%d' % sys.version_info[:2]); print(sys.base_prefix)")
                .get("/python/py314/exec").then()
                .body("stdout", startsWith("3.14\n"))
                .body("stdout", containsString("test-homes/embedded-")).body("stdout", containsString("/embedded/cpython-"));
        given().queryParam("code", "import ssl, ctypes, venv, sqlite3; print('stdlib ok')").get("/python/default/exec").then()
                .body("stdout", startsWith("stdlib ok"));
        given().queryParam("code", "import sys; print(sys.prefix != sys.base_prefix)").get("/python/default/exec").then()
                .body("stdout", startsWith("True"));
        given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'python:py314' }.data.interpreter", containsString("venvs/py314"));
    }
}
