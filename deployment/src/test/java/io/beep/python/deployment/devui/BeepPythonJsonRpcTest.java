package io.beep.python.deployment.devui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beep.python.testing.FreePort;
import io.beep.python.testing.TestHomes;
import io.beep.python.testing.TestPython;
import io.quarkus.devui.tests.DevUIJsonRPCTest;
import io.quarkus.test.QuarkusDevModeTest;

import com.fasterxml.jackson.databind.JsonNode;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON-RPC methods behind the Dev UI card, called over the Dev UI's own WebSocket in a dev-mode application.
 * The methods run in any order: QuarkusDevModeTest starts the application anew for each, but the home is shared, and
 * only the rebootstrap test changes what is in it, for its own lazy environment ({@code rebuilt}), so the assertions
 * about {@code later} hold even if a harness kept one application for all.
 */
class BeepPythonJsonRpcTest extends DevUIJsonRPCTest {

    /** Found free at run time: two builds on one machine must not meet on a fixed port. */
    static final int PORT = FreePort.find();

    @RegisterExtension
    static final QuarkusDevModeTest APP = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar.addAsResource(new StringAsset(String.join("\n",
                    "quarkus.http.port=" + PORT,
                    "beep.python.home=" + TestHomes.create("devui-jsonrpc"),
                    "beep.python.interpreter=" + TestPython.executable(),
                    "beep.python.index-url=https://bob:hunter2@pypi.example.invalid/simple",
                    "beep.python.later.interpreter=" + TestPython.executable(),
                    "beep.python.later.startup=lazy",
                    "beep.python.rebuilt.interpreter=" + TestPython.executable(),
                    "beep.python.rebuilt.startup=lazy",
                    "beep.python.broken.interpreter=/nonexistent/bin/python3",
                    "")), "application.properties"));

    BeepPythonJsonRpcTest() {
        super("quarkus-beep-python", "http://localhost:" + PORT);
    }

    @Test
    void environmentsShowStatusInterpreterVenvPackagesAndMaskedSources() throws Exception {
        JsonNode ready = awaitStage("default", "COMPLETE");

        assertThat(ready.get("percent").asInt()).isEqualTo(100);
        assertThat(ready.get("pythonVersion").asText()).isEqualTo(TestPython.VERSION);
        assertThat(ready.get("interpreter").asText()).contains("venvs/default");
        assertThat(ready.get("location").asText()).matches(".*/venvs/default-[0-9a-f]{16}");
        assertThat(ready.get("packages").has("pip")).isTrue();
        assertThat(ready.path("error").isMissingNode() || ready.get("error").isNull()).as("no error").isTrue();
        assertThat(ready.get("request").get("indexUrl").asText()).isEqualTo("https://***@pypi.example.invalid/simple");
        assertThat(executeJsonRPCMethod("getEnvironments").toString()).doesNotContain("hunter2");

        JsonNode environments = executeJsonRPCMethod("getEnvironments");
        JsonNode lazy = environment(environments, "later");
        assertThat(lazy.get("stage").asText()).as("a lazy environment waits for its first use").isEqualTo("INITIALIZING");
        // 'rebuilt' is ready once the rebootstrap test ran (it waits for COMPLETE), whichever order the methods run in.
        int readyCount = environment(environments, "rebuilt").get("stage").asText().equals("COMPLETE") ? 2 : 1;
        assertThat(executeJsonRPCMethod(String.class, "getStatus")).isEqualTo(readyCount + "/4 ready, 1 failed");
    }

    @Test
    void aFailedEnvironmentShowsItsLastErrorAndASnippetThereSaysWhy() throws Exception {
        JsonNode broken = awaitStage("broken", "FAILED");
        assertThat(broken.get("error").asText()).contains("/nonexistent/bin/python3");
        assertThat(broken.path("interpreter").isMissingNode() || broken.get("interpreter").isNull()).isTrue();

        JsonNode snippet = executeJsonRPCMethod("runSnippet", Map.of("environment", "broken", "code", "print(1)"));
        assertThat(snippet.get("exitCode").asInt()).isEqualTo(-1);
        assertThat(snippet.get("error").asText()).contains("broken").contains("/nonexistent/bin/python3");
    }

    @Test
    void rebootstrapBuildsTheEnvironmentAndTheStreamDeliversItsState() throws Exception {
        awaitStage("default", "COMPLETE");
        JsonNode streamed = executeJsonRPCMethod("streamEnvironments");
        assertThat(names(streamed)).containsExactly("default", "broken", "later", "rebuilt");

        executeJsonRPCMethod("rebootstrap", Map.of("environment", "rebuilt"));
        JsonNode rebuilt = awaitStage("rebuilt", "COMPLETE");
        assertThat(rebuilt.get("interpreter").asText()).contains("venvs/rebuilt");
    }

    @Test
    void aSnippetRunsInTheChosenEnvironmentWithItsOutputAndExitCode() throws Exception {
        awaitStage("default", "COMPLETE");
        JsonNode ok = executeJsonRPCMethod("runSnippet", Map.of("environment", "default",
                "code", "import sys; print('hello from', sys.prefix); print('warn', file=sys.stderr)"));
        assertThat(ok.get("exitCode").asInt()).isZero();
        assertThat(ok.get("stdout").asText()).startsWith("hello from").contains("venvs/default");
        assertThat(ok.get("stderr").asText()).contains("warn");

        JsonNode failed = executeJsonRPCMethod("runSnippet", Map.of("environment", "default", "code", "1/0"));
        assertThat(failed.get("exitCode").asInt()).isEqualTo(1);
        assertThat(failed.get("stderr").asText()).contains("ZeroDivisionError");
    }

    @Test
    void runtimesAndProfilesAreListed() throws Exception {
        awaitStage("default", "COMPLETE");
        JsonNode runtimes = executeJsonRPCMethod("getRuntimes");
        List<String> versions = new ArrayList<>();
        runtimes.get("runtimes").forEach(runtime -> versions.add(runtime.get("version").asText()));
        assertThat(versions).contains(TestPython.VERSION);
        assertThat(runtimes.get("status").asText()).as("the registry's own status, shown on the runtimes page").isEqualTo("READY");

        JsonNode profiles = executeJsonRPCMethod("getProfiles");
        assertThat(names(profiles.get("profiles"))).contains("base", "data-science", "machine-learning", "web");
    }

    private JsonNode awaitStage(String name, String stage) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            last[0] = environment(executeJsonRPCMethod("getEnvironments"), name);
            assertThat(last[0].get("stage").asText()).as(last[0].toString()).isEqualTo(stage);
        });
        return last[0];
    }

    private static JsonNode environment(JsonNode environments, String name) {
        for (JsonNode environment : environments) {
            if (environment.get("name").asText().equals(name)) {
                return environment;
            }
        }
        throw new AssertionError("No environment " + name + " in " + environments);
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(node -> names.add(node.get("name").asText()));
        return names;
    }
}
