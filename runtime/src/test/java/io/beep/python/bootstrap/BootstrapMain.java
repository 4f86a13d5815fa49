package io.beep.python.bootstrap;

import java.nio.file.Path;

/** A second JVM for {@link SharedEnvironmentAcrossProcessesTest}: bootstraps one environment and prints the outcome. */
public final class BootstrapMain {

    private BootstrapMain() {
    }

    /** Arguments: home, environment name, interpreter. Prints {@code warm=<true|false> success=<true|false>} and the time taken. */
    public static void main(String[] args) {
        long begin = System.nanoTime();
        BootstrapResult result = new PythonBootstrapManager(Path.of(args[0])).ensurePythonEnvironment(
                BootstrapOptions.builder().environmentName(args[1]).interpreter(Path.of(args[2])).build());
        System.out.println("warm=" + result.warm() + " success=" + result.success()
                + result.failure().map(e -> " error=" + e.getMessage()).orElse(""));
        System.out.println("millis=" + (System.nanoTime() - begin) / 1_000_000.0);
    }
}
