package io.beep.python.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beep.python.ProcessResult;
import io.beep.python.testing.TestPython;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JVM whose own environment points Python elsewhere (PYTHONPATH with a module that hijacks
 * startup, PYTHONSTARTUP, PIP_TARGET, PIP_REQUIRE_VIRTUALENV ...) must not pass that on to the
 * Pythons it starts; pip's own configuration (PIP_INDEX_URL, PIP_CONFIG_FILE) still reaches them.
 */
class CleanChildEnvironmentTest {

    @TempDir
    Path dir;

    @Test
    void hostileVariablesOfTheJvmDoNotReachChildPythonsButPipsConfigurationDoes() throws Exception {
        Path evil = Files.createDirectories(dir.resolve("evil"));
        Files.writeString(evil.resolve("sitecustomize.py"), "import sys\nsys.modules['hijack'] = sys\n");
        Files.writeString(evil.resolve("startup.py"), "print('STARTUP RAN')\n");
        Map<String, String> hostile = new LinkedHashMap<>();
        hostile.put("PYTHONPATH", evil.toString());
        hostile.put("PYTHONHOME", dir.resolve("nowhere").toString());
        hostile.put("PYTHONSTARTUP", evil.resolve("startup.py").toString());
        hostile.put("PYTHONUSERBASE", evil.toString());
        hostile.put("PYTHONINSPECT", "1");
        hostile.put("PIP_TARGET", evil.toString());
        hostile.put("PIP_PREFIX", evil.toString());
        hostile.put("PIP_USER", "1");
        hostile.put("PIP_REQUIRE_VIRTUALENV", "1");
        hostile.put("UV_SYSTEM_PYTHON", "1");
        hostile.put("PIP_INDEX_URL", "http://127.0.0.1:9/simple");
        hostile.put("PIP_CONFIG_FILE", dir.resolve("pip.conf").toString());

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // Variables a spec sets on purpose do reach the child: that is how the child JVM gets them.
        ProcessResult child = new ProcessRunner().run(ProcessSpec.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                ChildEnvironmentMain.class.getName(), TestPython.executable().toString())
                .withEnvironment(hostile).withTimeout(Duration.ofMinutes(1)));

        assertThat(child.exitCode()).as(child.stderr()).isZero();
        JsonNode seen = new ObjectMapper().readTree(child.stdout().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(seen.path("hijacked").asBoolean()).as("sitecustomize from PYTHONPATH ran").isFalse();
        assertThat(seen.path("path").toString()).doesNotContain(evil.toString());
        assertThat(child.stdout()).doesNotContain("STARTUP RAN");
        JsonNode env = seen.path("env");
        assertThat(env.fieldNames()).toIterable().doesNotContain("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONUSERBASE",
                "PYTHONINSPECT", "PIP_TARGET", "PIP_PREFIX", "PIP_USER", "PIP_REQUIRE_VIRTUALENV", "UV_SYSTEM_PYTHON");
        assertThat(env.path("PIP_INDEX_URL").asText()).isEqualTo("http://127.0.0.1:9/simple");
        assertThat(env.path("PIP_CONFIG_FILE").asText()).isEqualTo(dir.resolve("pip.conf").toString());
    }
}
