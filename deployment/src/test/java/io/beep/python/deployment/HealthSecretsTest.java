package io.beep.python.deployment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beep.python.testing.MachinePython;
import io.beep.python.testing.TestHomes;
import io.quarkus.test.QuarkusUnitTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.logging.SimpleFormatter;

/** An index URL with a password that cannot be reached: the health data and the log name the index, masked, never the password. */
class HealthSecretsTest {

    private static final String SECRET = "s3cr3t-t0ken-0815";
    private static final int CLOSED_PORT = closedPort();

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("beep.python.home", TestHomes.create("health-secrets"))
            .overrideConfigKey("beep.python.interpreter", MachinePython.find().toString())
            .overrideConfigKey("beep.python.installer", "pip")
            .overrideConfigKey("beep.python.packages", "six")
            .overrideConfigKey("beep.python.index-url", "http://deploy:" + SECRET + "@127.0.0.1:" + CLOSED_PORT + "/simple")
            .setLogRecordPredicate(record -> true)
            .assertLogRecords(records -> {
                SimpleFormatter formatter = new SimpleFormatter();
                assertThat(records).extracting(formatter::format).noneMatch(line -> line.contains(SECRET));
            });

    @Test
    void theFailedEnvironmentsHealthDataNamesTheMaskedIndexAndNeverThePassword() {
        await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'python:default' }.data.stage", org.hamcrest.Matchers.equalTo("FAILED")));

        String body = given().get("/q/health/ready").then().statusCode(503).extract().asString();
        // Not CLOSED_PORT: QuarkusUnitTest loads this class twice, and the application's copy chose the port.
        assertThat(body).doesNotContain(SECRET).containsPattern("http://\\*\\*\\*@127\\.0\\.0\\.1:\\d+/simple could not be reached");
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
