package io.beep.python.venv;

import io.beep.python.testing.SkipReasonsTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A machine without any of the interpreters a parameterized venv test compares must skip it, saying why, not fail it. */
class BaseInterpretersTest {

    @Test
    void noInterpreterAtAllIsASkipWithTheReasonNotAFailure() {
        SkipReasonsTest.Run run = SkipReasonsTest.run(NoInterpreters.class);
        assertThat(run.summary().getTotalFailureCount()).as(run.printed()).isZero();
        assertThat(run.summary().getContainersAbortedCount()).isOne();
        assertThat(run.printed()).contains("SKIPPED", "/nowhere/3.99/bin/python3");
    }

    /** Not run by Surefire (a nested class): only through the launcher above. */
    static class NoInterpreters {
        static Stream<Path> none() {
            return BaseInterpreters.present(List.of(Path.of("/nowhere/3.99/bin/python3")));
        }

        @ParameterizedTest
        @MethodSource("none")
        void compares(Path executable) {
        }
    }
}
