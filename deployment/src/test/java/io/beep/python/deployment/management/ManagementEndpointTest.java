package io.beep.python.deployment.management;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.beep.python.testing.TestHomes;
import io.beep.python.testing.TestPython;
import io.quarkus.test.QuarkusUnitTest;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/** {@code beep.python.management.enabled=true}: read-only JSON under /q/python, with no secret in it, described in /q/openapi. */
class ManagementEndpointTest {

    static final String SECRET = "s3cr3t-t0ken";

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            // SmallRye OpenAPI builds no document (and runs no filter) for an application that has no API of its own: give it one.
            .withApplicationRoot(jar -> jar.addAsResource(new StringAsset("openapi: 3.1.0\ninfo:\n  title: test\n  version: '1'\n"
                    + "paths:\n  /hello:\n    get:\n      responses:\n        '200':\n          description: OK\n"), "META-INF/openapi.yaml"))
            .overrideConfigKey("beep.python.management.enabled", "true")
            .overrideConfigKey("beep.python.home", TestHomes.create("management"))
            .overrideConfigKey("beep.python.interpreter", TestPython.executable().toString())
            .overrideConfigKey("beep.python.index-url", "https://alice:" + SECRET + "@pypi.example.invalid/simple")
            .overrideConfigKey("beep.python.extra-index-urls", "https://pypi.example.invalid/extra?token=" + SECRET);

    @Test
    void environmentsAreListedWithTheirStatusAndWhatTheyAreMadeOf() {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> given().get("/q/python").then()
                .statusCode(200).body("environments[0].stage", equalTo("COMPLETE")));

        given().get("/q/python").then()
                .statusCode(200)
                .contentType("application/json")
                .body("environments.name", hasItem("default"))
                .body("environments[0].percent", equalTo(100))
                .body("environments[0].ready", equalTo(true))
                .body("environments[0].error", equalTo(null))
                .body("environments[0].pythonVersion", equalTo(TestPython.VERSION))
                .body("environments[0].interpreter", containsString("venvs/default"))
                .body("environments[0].location", containsString("venvs/default"))
                .body("environments[0].runtimeId", notNullValue())
                .body("environments[0].packages", hasKey("pip"))
                .body("environments[0].request.pythonVersion", equalTo("3.13"))
                .body("environments[0].request.indexUrl", equalTo("https://***@pypi.example.invalid/simple"))
                .body("environments[0].request.extraIndexUrls", hasItem("https://pypi.example.invalid/extra?token=***"));
    }

    @Test
    void runtimesAndProfilesAreListed() {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> given().get("/q/python").then()
                .body("environments[0].stage", equalTo("COMPLETE")));

        given().get("/q/python/runtimes").then()
                .statusCode(200)
                .body("registryFile", containsString("runtimes.json"))
                .body("status", equalTo("READY"))
                .body("runtimes.version", hasItem(TestPython.VERSION))
                .body("runtimes[0].id", notNullValue())
                .body("runtimes[0].status", notNullValue());
        given().get("/q/python/profiles").then()
                .statusCode(200)
                .body("profiles.name", hasItems("base", "data-science", "machine-learning", "web"))
                .body("profiles.find { it.name == 'web' }.requirements", hasItem(containsString("flask")));
    }

    @Test
    void noCredentialFromAConfiguredIndexUrlIsInAnyDocument() {
        for (String path : new String[] {"/q/python", "/q/python/runtimes", "/q/python/profiles"}) {
            String body = given().get(path).then().statusCode(200).extract().asString();
            assertThat(body).as(path).doesNotContain(SECRET).doesNotContain("alice");
        }
    }

    @Test
    void nothingCanBeWritten() {
        for (String path : new String[] {"/q/python", "/q/python/runtimes", "/q/python/profiles"}) {
            given().body("{}").post(path).then().statusCode(405).header("Allow", "GET, HEAD");
            given().put(path).then().statusCode(405);
            given().delete(path).then().statusCode(405);
        }
    }

    @Test
    void theDocumentsAreDescribedInTheOpenApiDocument() {
        given().queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200)
                .body("paths", hasKey("/q/python"))
                .body("paths", hasKey("/q/python/runtimes"))
                .body("paths", hasKey("/q/python/profiles"))
                .body("paths.'/q/python'.get.responses.'200'.content.'application/json'.schema.$ref",
                        equalTo("#/components/schemas/BeepPythonEnvironments"))
                .body("components.schemas.BeepPythonEnvironment.properties", hasKey("stage"))
                .body("components.schemas.BeepPythonEnvironment.properties", not(hasKey("password")));
    }
}
