package io.beep.python.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.beep.python.testing.TestHomes;
import io.beep.python.testing.TestPython;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

@QuarkusTest
@TestProfile(UnknownProfileTest.Typo.class)
class UnknownProfileTest {

    public static class Typo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("beep.python.home", TestHomes.create("typo"),
                    "beep.python.interpreter", TestPython.executable().toString(),
                    "beep.python.profiles", "base,dat-science",
                    "beep.python.packages", "");
        }
    }

    @Test
    void unknownProfileIsReportedInReadinessWhileTheAppStaysAlive() {
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'python:default' }.data.stage", equalTo("FAILED")));

        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'python:default' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'python:default' }.data.error", containsString("'dat-science'"))
                .body("checks.find { it.name == 'python:default' }.data.error", containsString("known: base, data-science"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/python").then().statusCode(200).body("stage", equalTo("FAILED"));
    }

    @Test
    void usingTheFailedEnvironmentThrowsNamingTheStageAndCause() {
        // In test mode Quarkus puts the unhandled exception's message in the 500 body: the stage and the cause are
        // what a user reads there, so both must be in it (matched on the raw body, whatever form Quarkus gives it).
        given().accept(ContentType.JSON).queryParam("code", "print(1)").get("/python/default/exec").then().statusCode(500)
                .body(containsString("failed during INITIALIZING"), containsString("Unknown profile 'dat-science'"));
    }
}
