package io.beep.python.testing;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** Every skip prints its reason: a skipped test must say what it missed, not only add to a count. */
public class SkipReasonsTest {

    @Test
    void everyTestRunRegistersTheListener() {
        assertThat(ServiceLoader.load(TestExecutionListener.class).stream().map(ServiceLoader.Provider::type))
                .contains(SkipReasons.class);
    }

    @Test
    void anAssumptionsSkipPrintsTheTestAndWhatIsMissing() {
        Run run = run(MissingPyenv.class);
        assertThat(run.summary.getTestsAbortedCount()).isOne();
        assertThat(run.summary.getTotalFailureCount()).isZero();
        assertThat(run.printed).contains("SKIPPED needsPyenv()", "pyenv CPython 9.9.9 is not installed at /nowhere/9.9.9/bin/python3");
    }

    @Test
    void aConditionsSkipPrintsItsReason() {
        Run run = run(NoBrowser.class);
        assertThat(run.summary.getTestsSucceededCount()).isZero();
        assertThat(run.printed).contains("SKIPPED needsBrowser()", "browserPresent");
    }

    /** Runs {@code fixture} through a launcher of its own, printing skips into a buffer. */
    public static Run run(Class<?> fixture) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).build(), summary,
                new SkipReasons(new PrintStream(buffer, true, StandardCharsets.UTF_8)));
        return new Run(summary.getSummary(), buffer.toString(StandardCharsets.UTF_8));
    }

    public record Run(TestExecutionSummary summary, String printed) {
    }

    /** Not run by Surefire (a nested class): only through {@link #run}. */
    static class MissingPyenv {
        @Test
        void needsPyenv() {
            Assumptions.assumeTrue(false, "pyenv CPython 9.9.9 is not installed at /nowhere/9.9.9/bin/python3");
        }
    }

    static class NoBrowser {
        static boolean browserPresent() {
            return false;
        }

        @Test
        @EnabledIf("browserPresent")
        void needsBrowser() {
        }
    }
}
