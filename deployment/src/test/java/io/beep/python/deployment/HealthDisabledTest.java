package io.beep.python.deployment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import io.beep.python.testing.TestHomes;
import io.quarkus.test.QuarkusUnitTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HealthDisabledTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("beep.python.home", TestHomes.create("no-health"))
            .overrideConfigKey("beep.python.interpreter", "/nonexistent/bin/python3")
            .overrideConfigKey("beep.python.health.enabled", "false");

    @Test
    void noPythonCheckIsRegistered() {
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", not(hasItem("python:default")));
    }
}
