package io.beep.python.bootstrap;

import java.nio.file.Path;

/** A fresh JVM for {@link BakedStartBenchmarkTest}: bootstraps the baked environment {@code svc} and prints its stage times. */
public final class BakedStartMain {

    private BakedStartMain() {
    }

    /** Arguments: home, baked root, python version, packages (comma-separated). Prints {@code millis=} and one {@code stage=} line each. */
    public static void main(String[] args) {
        long begin = System.nanoTime();
        BootstrapResult result = new PythonBootstrapManager(Path.of(args[0])).ensurePythonEnvironment(BootstrapOptions.builder()
                .environmentName("svc").pythonVersion(args[2]).packages(args[3].isEmpty() ? java.util.List.of() : java.util.List.of(args[3].split(","))).bakedRoot(Path.of(args[1]))
                .build());
        double millis = (System.nanoTime() - begin) / 1e6;
        if (!result.success()) {
            System.out.println("error=" + result.failure().map(Throwable::getMessage).orElse("?"));
            System.exit(1);
        }
        result.stageDurations().forEach((stage, took) -> System.out.println("stage=" + stage + " " + took.toNanos() / 1e6));
        System.out.println("warm=" + result.warm());
        System.out.println("millis=" + millis);
    }
}
