package io.beep.python.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beep.python.PythonEnvironment;
import io.beep.python.bootstrap.PythonBootstrapManager;
import io.beep.python.testing.MachinePython;
import io.beep.python.testing.TestHomes;
import io.quarkus.test.QuarkusUnitTest;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code beep.python.gc-after}: once an environment is ready, the home's venvs unused for that long are removed in
 * the background; a recently used one and the application's own stay.
 */
class VenvGarbageCollectionTest {

    static final Path HOME = Path.of(TestHomes.create("gc"));

    static {
        venv("old-0123456789abcdef", Duration.ofDays(3));
        venv("recent-0123456789abcdef", Duration.ofHours(1));
    }

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("beep.python.home", HOME.toString())
            .overrideConfigKey("beep.python.interpreter", MachinePython.find().toString())
            .overrideConfigKey("beep.python.gc-after", "2D");

    @Inject
    PythonEnvironment python;

    /** The application's home: this class is loaded twice (once by the test's class loader), each time with a new HOME. */
    @Inject
    PythonBootstrapManager manager;

    /** A venv of ours (its ownership file) last used {@code ago}. */
    static Path venv(String name, Duration ago) {
        try {
            Path venv = Files.createDirectories(HOME.resolve("venvs").resolve(name));
            Path owner = Files.writeString(venv.resolve(".beep-python-venv"), "Made by Beep Python\n");
            Files.setLastModifiedTime(owner, FileTime.from(Instant.now().minus(ago)));
            return venv;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void afterReadinessAVenvUnusedForLongerThanGcAfterIsRemovedAndTheOthersStay() {
        python.awaitReady(Duration.ofMinutes(2));
        Path old = manager.home().resolve("venvs/old-0123456789abcdef");
        Path recent = manager.home().resolve("venvs/recent-0123456789abcdef");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(old).doesNotExist());
        assertThat(recent).isDirectory();
        assertThat(python.location()).isDirectory();
        assertThat(python.exec("print(1)").stdout().strip()).isEqualTo("1");
    }
}
