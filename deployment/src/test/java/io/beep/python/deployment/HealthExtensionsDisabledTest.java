package io.beep.python.deployment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.beep.python.testing.TestHomes;
import io.quarkus.test.QuarkusUnitTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SmallRye Health's switch for every extension's checks turns off Beep Python's too. */
class HealthExtensionsDisabledTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("beep.python.home", TestHomes.create("health-off"))
            .overrideConfigKey("beep.python.interpreter", "/nonexistent/bin/python3")
            .overrideConfigKey("beep.python.other.interpreter", "/nonexistent/bin/python3")
            .overrideConfigKey("quarkus.smallrye-health.extensions.enabled", "false");

    @Test
    void noPythonCheckIsRegisteredForAnyEnvironment() {
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", everyItem(not(startsWith("python:"))));
        given().get("/q/health/started").then().statusCode(200).body("checks.name", everyItem(not(startsWith("python:"))));
    }
}
