package io.beep.python.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import io.restassured.response.Response;

import org.junit.jupiter.api.Test;

import java.time.Duration;

/**
 * One application for all methods, which run in any order: each waits for readiness itself, and the readiness test
 * judges the answer it gets by the stage the same answer reports, not by being first.
 */
@QuarkusTest
@QuarkusTestResource(value = LoopbackIndexResource.class, restrictToAnnotatedClass = true)
class PythonEnvironmentTest {

    private static void awaitReady() {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void readinessIsDownWhileBootstrappingThenUpWhileLivenessStaysUp() {
        given().get("/q/health/live").then().statusCode(200);
        // Still bootstrapping (this method ran first) or ready (another ran before it): whichever, the answer must agree
        // with the stage it reports: python:default DOWN exactly while its stage is not COMPLETE, and 503 exactly while
        // a check is DOWN.
        Response first = given().get("/q/health/ready");
        String stage = first.path("checks.find { it.name == 'python:default' }.data.stage");
        String status = first.path("checks.find { it.name == 'python:default' }.status");
        int down = first.path("checks.findAll { it.status == 'DOWN' }.size()");
        assertThat(status).as("python:default at stage " + stage).isEqualTo("COMPLETE".equals(stage) ? "UP" : "DOWN");
        assertThat(first.statusCode()).as(down + " checks DOWN").isEqualTo(down > 0 ? 503 : 200);

        awaitReady();

        given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'python:default' }.data.stage", equalTo("COMPLETE"))
                .body("checks.find { it.name == 'python:default' }.data.pythonVersion", equalTo("3.13.5"))
                .body("checks.find { it.name == 'python:aux' }.status", equalTo("UP"));
    }

    @Test
    void execRunsInTheVenvAndSeesTheWheelFromTheLoopbackIndex() {
        awaitReady();
        given().queryParam("code", "import beep_greeting, sys; print(beep_greeting.hello('Quarkus')); print(sys.prefix)")
                .get("/python/default/exec").then().statusCode(200)
                .body("exitCode", equalTo(0))
                .body("stdout", startsWith("Hello, Quarkus from Python"))
                .body("stdout", containsString("venvs/default"));
        given().get("/python/default/packages").then().body("$", hasKey("beep-greeting"));
    }

    @Test
    void namedEnvironmentIsSeparate() {
        awaitReady();
        given().get("/python/aux").then().body("name", equalTo("aux")).body("stage", equalTo("COMPLETE"));
        given().queryParam("code", "import sys; print(sys.prefix)").get("/python/aux/exec").then()
                .body("stdout", containsString("venvs/aux"));
        given().queryParam("code", "import beep_greeting").get("/python/aux/exec").then()
                .body("exitCode", equalTo(1)).body("stderr", containsString("ModuleNotFoundError"));
    }

    @Test
    void packagesInstalledAtRunTimeAreUsableAndCountedInReadiness() {
        awaitReady();
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
    void failingCodeReportsItsExitCodeAndStderr() {
        awaitReady();
        given().queryParam("code", "raise SystemExit('boom')").get("/python/default/exec").then()
                .body("exitCode", equalTo(1)).body("stderr", containsString("boom"));
    }

    @Test
    void unknownEnvironmentIs404() {
        given().get("/python/nope").then().statusCode(404);
    }
}
