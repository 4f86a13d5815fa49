package io.beep.python.deployment;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.beep.python.testing.MachinePython;
import io.beep.python.testing.TestHomes;
import io.quarkus.test.QuarkusUnitTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

class HealthChecksTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("beep.python.home", TestHomes.create("health"))
            .overrideConfigKey("beep.python.interpreter", MachinePython.find().toString())
            .overrideConfigKey("beep.python.broken.interpreter", "/nonexistent/bin/python3");

    @Test
    void readyEnvironmentIsUpWithItsDataAndFailedOneIsDownNamingTheInput() {
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'python:default' }.status", org.hamcrest.Matchers.equalTo("UP")));

        given().get("/q/health/ready").then()
                .statusCode(503)
                .body("checks.name", hasItem("python:default"))
                .body("checks.find { it.name == 'python:default' }.data.stage", org.hamcrest.Matchers.equalTo("COMPLETE"))
                .body("checks.find { it.name == 'python:default' }.data.percent", org.hamcrest.Matchers.equalTo(100))
                .body("checks.find { it.name == 'python:default' }.data.pythonVersion", startsWith("3."))
                .body("checks.find { it.name == 'python:default' }.data.interpreter", containsString("venvs/default"))
                .body("checks.find { it.name == 'python:broken' }.status", org.hamcrest.Matchers.equalTo("DOWN"))
                .body("checks.find { it.name == 'python:broken' }.data.stage", org.hamcrest.Matchers.equalTo("FAILED"))
                .body("checks.find { it.name == 'python:broken' }.data.error", containsString("/nonexistent/bin/python3"));
    }

    @Test
    void theSameChecksAreStartupChecksAndLivenessIsUntouched() {
        given().get("/q/health/started").then().body("checks.name", hasItem("python:broken"));
        given().get("/q/health/live").then().statusCode(200);
    }
}
