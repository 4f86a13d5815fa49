package io.beep.python.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;

@QuarkusTest
@QuarkusTestResource(value = LoopbackIndexResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PythonEnvironmentTest {

    @Test
    @Order(1)
    void readinessIsDownWhileBootstrappingThenUpWhileLivenessStaysUp() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'python:default' }.status", equalTo("DOWN"));

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));

        given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'python:default' }.data.stage", equalTo("COMPLETE"))
                .body("checks.find { it.name == 'python:default' }.data.pythonVersion", equalTo("3.13.5"))
                .body("checks.find { it.name == 'python:aux' }.status", equalTo("UP"));
    }

    @Test
    @Order(2)
    void execRunsInTheVenvAndSeesTheWheelFromTheLoopbackIndex() {
        given().queryParam("code", "import beep_greeting, sys; print(beep_greeting.hello('Quarkus')); print(sys.prefix)")
                .get("/python/default/exec").then().statusCode(200)
                .body("exitCode", equalTo(0))
                .body("stdout", startsWith("Hello, Quarkus from Python"))
                .body("stdout", containsString("venvs/default"));
        given().get("/python/default/packages").then().body("$", hasKey("beep-greeting"));
    }

    @Test
    @Order(3)
    void namedEnvironmentIsSeparate() {
        given().get("/python/aux").then().body("name", equalTo("aux")).body("stage", equalTo("COMPLETE"));
        given().queryParam("code", "import sys; print(sys.prefix)").get("/python/aux/exec").then()
                .body("stdout", containsString("venvs/aux"));
        given().queryParam("code", "import beep_greeting").get("/python/aux/exec").then()
                .body("exitCode", equalTo(1)).body("stderr", containsString("ModuleNotFoundError"));
    }

    @Test
    @Order(4)
    void packagesInstalledAtRunTimeAreUsableAndCountedInReadiness() {
        int before = given().get("/q/health/ready").then().extract()
                .path("checks.find { it.name == 'python:default' }.data.packages");

        given().contentType("application/json").body("[\"beep-greeting==1.0.0\", \"beep-extra\"]").post("/python/default/install")
                .then().statusCode(200).body("installed", hasKey("beep-extra"));

        given().queryParam("code", "import beep_extra; print(beep_extra.X)").get("/python/default/exec").then()
                .body("stdout", startsWith("42"));
        given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'python:default' }.data.packages", equalTo(before + 1));
    }

    @Test
    @Order(5)
    void failingCodeReportsItsExitCodeAndStderr() {
        given().queryParam("code", "raise SystemExit('boom')").get("/python/default/exec").then()
                .body("exitCode", equalTo(1)).body("stderr", containsString("boom"));
    }

    @Test
    @Order(6)
    void unknownEnvironmentIs404() {
        given().get("/python/nope").then().statusCode(404);
    }
}
