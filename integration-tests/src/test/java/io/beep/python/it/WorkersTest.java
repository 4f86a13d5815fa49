package io.beep.python.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.beep.python.testing.TestHomes;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

/**
 * The demo's own Python code (src/main/python/greeting.py) called in a warm worker: preloaded, so
 * readiness waits for the workers and reports them.
 */
@QuarkusTest
@TestProfile(WorkersTest.Preloaded.class)
class WorkersTest {

    public static class Preloaded implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("beep.python.home", TestHomes.create("workers"),
                    "beep.python.runtime", "embedded",
                    "beep.python.packages", "",
                    "beep.python.workers.size", "2",
                    "beep.python.workers.preload", "greeting");
        }
    }

    @Test
    void aPreloadedModuleOfTheApplicationAnswersFromAWarmWorker() {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'python:default' }.data.workers", equalTo("2/2"));

        given().queryParam("name", "ada").get("/python/default/greeting").then()
                .statusCode(200)
                .body("greeting", equalTo("hello ada"))
                .body("python", equalTo("3.13"));
    }
}
