package io.beep.python.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.beep.python.ProcessResult;
import io.beep.python.PythonEnvironment;
import io.beep.python.testing.TestHomes;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the docs' test-support note promises a user: an application's own test replaces an environment bean with
 * {@code QuarkusMock} (the beans are {@code @ApplicationScoped}), and the application's code, which looks the
 * environment up by name, gets the replacement. Both environments start lazily here, so no Python is made: had the
 * replacement not reached the resource, the call would have bootstrapped a real environment, and its result would differ.
 */
@QuarkusTest
@TestProfile(MockedEnvironmentTest.Lazy.class)
class MockedEnvironmentTest {

    public static class Lazy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("beep.python.home", TestHomes.create("mocked"),
                    "beep.python.startup", "lazy",
                    "beep.python.aux.startup", "lazy");
        }
    }

    private final List<String> executed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void replaceTheDefaultEnvironment() {
        PythonEnvironment fake = (PythonEnvironment) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PythonEnvironment.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "name" -> "default";
                    case "exec" -> {
                        executed.add((String) args[0]);
                        yield new ProcessResult(0, "from the test's replacement\n", "", Duration.ZERO);
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        QuarkusMock.installMockForType(fake, PythonEnvironment.class);
    }

    @Test
    void aTestReplacesTheEnvironmentBeanThatTheApplicationLooksUpByName() {
        given().queryParam("code", "print(6 * 7)").get("/python/default/exec").then()
                .statusCode(200)
                .body("stdout", equalTo("from the test's replacement\n"));
        assertThat(executed).containsExactly("print(6 * 7)");
    }
}
