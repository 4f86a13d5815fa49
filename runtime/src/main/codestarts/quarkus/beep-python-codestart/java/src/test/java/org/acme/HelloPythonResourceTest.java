package org.acme;

import static io.restassured.RestAssured.given;
import static org.hamcrest.CoreMatchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HelloPythonResourceTest {

    // The first run provisions CPython 3.13 (unless the machine has one) and creates the venv: a minute at most, later runs reuse them.
    @Test
    void pythonGreets() {
        given()
          .queryParam("name", "Duke")
          .when().get("/hello-python")
          .then()
             .statusCode(200)
             .body(startsWith("Hello Duke, from Python 3."));
    }
}
