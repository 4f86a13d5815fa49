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

/** With Micrometer in the application, each environment's workers are metrics tagged with the environment. */
class WorkerMetricsTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("beep.python.home", TestHomes.create("worker-metrics"))
            .overrideConfigKey("beep.python.interpreter", MachinePython.find().toString());

    @Inject
    PythonEnvironment python;

    @Test
    void callsFailuresQueueWorkersAndLatencyArePublished() {
        python.awaitReady(Duration.ofMinutes(3));
        assertThat(python.workers().call("json:dumps", List.of(1, 2)).asText()).isEqualTo("[1, 2]");
        assertThat(python.workers().call("json:dumps", "x").asText()).isEqualTo("\"x\"");

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics)
                .contains("beep_python_workers_calls_total{environment=\"default\"} 2.0")
                .contains("beep_python_workers_failures_total{environment=\"default\"} 0.0")
                .contains("beep_python_workers_queued{environment=\"default\"} 0.0")
                .contains("beep_python_workers_alive{environment=\"default\"} 1.0")
                .contains("beep_python_workers_call_seconds_count{environment=\"default\"} 2");
    }
}
