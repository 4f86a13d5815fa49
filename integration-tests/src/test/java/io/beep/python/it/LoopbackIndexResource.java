package io.beep.python.it;

import io.beep.python.testing.LoopbackPackageIndex;
import io.beep.python.testing.TestHomes;
import io.beep.python.testing.TestPython;
import io.beep.python.testing.WheelBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Starts a loopback PEP 503 index serving a wheel the test builds ({@code beep-greeting}), and
 * points the application at it, at a fresh home, and at the real CPython 3.13.5 from Maven.
 */
public class LoopbackIndexResource implements QuarkusTestResourceLifecycleManager {

    static final String GREETING = "beep-greeting";

    private LoopbackPackageIndex index;

    @Override
    public Map<String, String> start() {
        index = LoopbackPackageIndex.start()
                .add(WheelBuilder.wheel(GREETING, "1.0.0").module("beep_greeting/__init__.py",
                        "def hello(name):\n    return 'Hello, ' + name + ' from Python'\n"))
                .add(WheelBuilder.wheel("beep-extra", "0.1.0").module("beep_extra/__init__.py", "X = 42\n"));
        String python = TestPython.executable().toString();
        return Map.of(
                "beep.python.home", TestHomes.create("it"),
                "beep.python.interpreter", python,
                "beep.python.index-url", index.url(),
                "beep.python.packages", GREETING,
                "beep.python.aux.interpreter", python,
                "beep.python.aux.offline", "true");
    }

    @Override
    public void stop() {
        if (index != null) {
            index.close();
        }
    }
}
