package io.beep.python.deployment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.PythonEnvironment;
import io.beep.python.testing.MachinePython;
import io.beep.python.testing.TestHomes;
import io.quarkus.test.QuarkusUnitTest;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

/** beep.python.metrics.enabled=false: the application has Micrometer, yet none of Beep Python's meters is published. */
class MetricsDisabledTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("beep.python.metrics.enabled", "false")
            .overrideConfigKey("beep.python.home", TestHomes.create("metrics-disabled"))
            .overrideConfigKey("beep.python.interpreter", MachinePython.find().toString());

    @Inject
    PythonEnvironment python;

    @Test
    void noBeepPythonMeterIsPublished() {
        python.awaitReady(Duration.ofMinutes(3));
        assertThat(python.workers().call("json:dumps", List.of(1)).asText()).isEqualTo("[1]");

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics).contains("jvm_").doesNotContain("beep_python");
    }
}
