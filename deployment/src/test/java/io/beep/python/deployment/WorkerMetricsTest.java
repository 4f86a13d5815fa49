package io.beep.python.deployment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beep.python.PythonCallException;
import io.beep.python.PythonEnvironment;
import io.beep.python.testing.MachinePython;
import io.beep.python.testing.TestHomes;
import io.quarkus.test.QuarkusUnitTest;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

/**
 * With Micrometer in the application, each environment is metrics tagged with the environment: the bootstrap and its
 * stages, downloads, and the worker call timer tagged with the callable and its outcome (no separate counters).
 */
class WorkerMetricsTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("beep.python.home", TestHomes.create("worker-metrics"))
            .overrideConfigKey("beep.python.interpreter", MachinePython.find().toString());

    @Inject
    PythonEnvironment python;

    @Test
    void bootstrapStagesCallsByOutcomeQueueAndWorkersArePublished() {
        python.awaitReady(Duration.ofMinutes(3));
        assertThat(python.workers().call("json:dumps", List.of(1, 2)).asText()).isEqualTo("[1, 2]");
        assertThat(python.workers().call("json:dumps", "x").asText()).isEqualTo("\"x\"");
        assertThatThrownBy(() -> python.workers().call("json:loads", "not json")).isInstanceOf(PythonCallException.class);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics)
                .contains("beep_python_workers_call_seconds_count{callable=\"json:dumps\",environment=\"default\",outcome=\"SUCCESS\"} 2")
                .contains("beep_python_workers_call_seconds_count{callable=\"json:loads\",environment=\"default\",outcome=\"ERROR\"} 1")
                .contains("beep_python_workers_queued{environment=\"default\"} 0.0")
                .contains("beep_python_workers_alive{environment=\"default\"} 1.0")
                .contains("beep_python_bootstrap_seconds_count{environment=\"default\",outcome=\"SUCCESS\"} 1")
                .contains("beep_python_bootstrap_stage_seconds_count{environment=\"default\",outcome=\"SUCCESS\",stage=\"CREATING_VIRTUAL_ENV\"} 1")
                // The machine's interpreter: nothing to download, but the counter is there to graph.
                .contains("beep_python_downloaded_bytes_total{environment=\"default\"} 0.0")
                .doesNotContain("beep_python_workers_calls_total")
                .doesNotContain("beep_python_workers_failures_total");
    }
}
