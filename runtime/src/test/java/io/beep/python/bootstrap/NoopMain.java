package io.beep.python.bootstrap;

/** The baseline for {@link BootstrapBenchmark}: a JVM with the same class path that does nothing. */
public final class NoopMain {

    private NoopMain() {
    }

    public static void main(String[] args) {
        System.out.println("millis=0");
    }
}
