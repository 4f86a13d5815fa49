package io.beep.python.deployment.management;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;

import io.beep.python.testing.TestHomes;
import io.beep.python.testing.TestPython;
import io.quarkus.test.QuarkusUnitTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With {@code quarkus.management.enabled=true} /q/python moves to the management interface, off the application's port. */
class ManagementInterfaceTest {

    /** Quarkus' management port in tests ({@code quarkus.management.test-port}). */
    static final int MANAGEMENT_TEST_PORT = 9001;

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.management.enabled", "true")
            .overrideConfigKey("beep.python.management.enabled", "true")
            .overrideConfigKey("beep.python.home", TestHomes.create("management-interface"))
            .overrideConfigKey("beep.python.interpreter", TestPython.executable().toString());

    @Test
    void theDocumentsAreServedOnTheManagementInterfaceOnly() {
        given().port(MANAGEMENT_TEST_PORT).get("/q/python").then().statusCode(200).body("environments.name", hasItem("default"));
        given().port(MANAGEMENT_TEST_PORT).get("/q/python/profiles").then().statusCode(200);
        given().port(MANAGEMENT_TEST_PORT).post("/q/python").then().statusCode(405);
        given().get("/q/python").then().statusCode(404);
    }
}
