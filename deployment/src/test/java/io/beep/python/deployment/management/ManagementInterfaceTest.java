package io.beep.python.deployment.management;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;

import io.beep.python.testing.FreePort;
import io.beep.python.testing.TestHomes;
import io.beep.python.testing.TestPython;
import io.quarkus.test.QuarkusUnitTest;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With {@code quarkus.management.enabled=true} /q/python moves to the management interface, off the application's port. */
class ManagementInterfaceTest {

    /**
     * The management port in tests ({@code quarkus.management.test-port}), found free at run time rather than Quarkus'
     * fixed 9001. QuarkusUnitTest loads this class again in the application's class loader, where this field is found
     * anew: the test method reads the port the application was given from its configuration instead.
     */
    static final int MANAGEMENT_TEST_PORT = FreePort.find();

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.management.enabled", "true")
            .overrideConfigKey("quarkus.management.test-port", String.valueOf(MANAGEMENT_TEST_PORT))
            .overrideConfigKey("beep.python.management.enabled", "true")
            .overrideConfigKey("beep.python.home", TestHomes.create("management-interface"))
            .overrideConfigKey("beep.python.interpreter", TestPython.executable().toString());

    @Test
    void theDocumentsAreServedOnTheManagementInterfaceOnly() {
        int managementPort = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        given().port(managementPort).get("/q/python").then().statusCode(200).body("environments.name", hasItem("default"));
        given().port(managementPort).get("/q/python/profiles").then().statusCode(200);
        given().port(managementPort).post("/q/python").then().statusCode(405);
        given().get("/q/python").then().statusCode(404);
    }
}
