package io.beep.python.testing;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

import java.io.PrintStream;

/**
 * Prints every skipped test or container with its reason: Surefire's console shows only a count of
 * skips, so a test that needs an absent pyenv version, a network or a browser was skipped without
 * anyone seeing why. Registered for every test run through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener} (also in the runtime's
 * test jar, so the deployment, CLI and integration tests print theirs too).
 */
public final class SkipReasons implements TestExecutionListener {

    private final PrintStream out;

    public SkipReasons() {
        this(System.out);
    }

    public SkipReasons(PrintStream out) {
        this.out = out;
    }

    /** A condition ({@code @EnabledIf}, {@code @Disabled}) skipped it before it ran. */
    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        out.println("SKIPPED " + test.getLegacyReportingName() + ": " + reason);
    }

    /** An assumption aborted it, or its parameter source had nothing to run. */
    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            String reason = result.getThrowable().map(Throwable::getMessage).orElse("no reason given");
            out.println("SKIPPED " + test.getLegacyReportingName() + ": " + reason);
        }
    }
}
