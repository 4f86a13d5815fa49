package io.beep.python.inprocess;

import java.nio.file.Path;
import java.time.Duration;

/** Runs under a fresh class loader in InProcessWorkersTest, as a dev-mode restart does: CPython is already running in the JVM. */
public final class DevRestart {

    private DevRestart() {
    }

    /** The result of {@code calls:add(2, 3)} after reopening the environment, and the refusal of another one. */
    public static String[] run(String sitePackages, String src) {
        io.beep.python.workers.WorkerOptions options = new io.beep.python.workers.WorkerOptions(1, java.util.List.of(), Duration.ofSeconds(30),
                java.util.OptionalInt.empty(), 8, java.util.List.of(Path.of(src)));
        String refusal;
        try {
            InProcessWorkers.open("another", InProcessWorkersTest.bytedeco(), Path.of(sitePackages), options).close();
            refusal = "not refused";
        } catch (InProcessException e) {
            refusal = e.getMessage();
        }
        try (InProcessWorkers workers = InProcessWorkers.open(InProcessWorkersTest.ENV, InProcessWorkersTest.bytedeco(), Path.of(sitePackages),
                options)) {
            return new String[] {workers.call("calls:add", 2, 3).asText(), refusal,
                    String.valueOf(Interpreter.class.getClassLoader() == DevRestart.class.getClassLoader())};
        }
    }
}
