package io.beep.python.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.beep.python.testing.RealPackageIndex;
import io.beep.python.testing.TestHomes;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

/**
 * The walking skeleton's "done when": an app with runtime=system and packages=six turns ready and
 * imports six inside a venv under beep.python.home; a named environment aux with runtime=system
 * is injectable. six comes from the machine's real package index (skipped when unreachable).
 */
@QuarkusTest
@TestProfile(NewcomerAppTest.Newcomer.class)
class NewcomerAppTest {

    public static class Newcomer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // python-version=3: whichever Python 3 this machine has, so that the test needs no particular one.
            return Map.of("beep.python.home", TestHomes.create("newcomer"),
                    "beep.python.runtime", "system",
                    "beep.python.python-version", "3",
                    "beep.python.packages", "six",
                    "beep.python.aux.runtime", "system",
                    "beep.python.aux.python-version", "3");
        }
    }

    @BeforeAll
    static void needsTheRealIndex() {
        RealPackageIndex.assumeReachable();
    }

    @Test
    void systemPythonWithSixTurnsReadyAndImportsSixInAVenvUnderHome() {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));

        given().queryParam("code", "import six, sys; print(six.__name__, sys.prefix)").get("/python/default/exec").then()
                .body("exitCode", equalTo(0))
                .body("stdout", containsString("six "))
                .body("stdout", containsString("test-homes/newcomer-"))
                .body("stdout", containsString("/venvs/default"));
        given().get("/python/aux").then().body("name", equalTo("aux")).body("stage", equalTo("COMPLETE"));
    }
}
