package io.beep.python.deployment.management;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;

import io.beep.python.testing.TestHomes;
import io.beep.python.testing.TestPython;
import io.quarkus.test.QuarkusUnitTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Without {@code beep.python.management.enabled} there is no /q/python at all, and nothing about it in /q/openapi. */
class ManagementDisabledTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("beep.python.home", TestHomes.create("management-off"))
            .overrideConfigKey("beep.python.interpreter", TestPython.executable().toString());

    @Test
    void theEndpointIsNotServedByDefault() {
        given().get("/q/python").then().statusCode(404);
        given().get("/q/python/runtimes").then().statusCode(404);
        given().get("/q/python/profiles").then().statusCode(404);
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).body("paths", not(hasKey("/q/python")));
    }
}
