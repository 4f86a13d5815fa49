package io.beep.python.bootstrap;

import io.beep.python.BootstrapStage;
import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.ProcessCounter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * A fresh JVM for {@link FreshJvmBootstrapBenchmark}: one bootstrap as an application's startup runs it, then one
 * line per finished stage ({@code stage=NAME millis=M}), the processes started and the total.
 */
public final class ColdBootstrapMain {

    private ColdBootstrapMain() {
    }

    /** Arguments: home, environment name, then either an interpreter path or {@code embedded}. */
    public static void main(String[] args) {
        // An application has its logging set up, and has logged, before the bootstrap starts: so does this JVM, outside the
        // time measured. (A DEBUG line, filtered out, left the handler's first formatting to the bootstrap's first stage.)
        System.getLogger(ColdBootstrapMain.class.getName()).log(System.Logger.Level.INFO, "logging ready");
        long begin = System.nanoTime();
        ProcessCounter processes = new ProcessCounter();
        ProcessRunner runner = processes.runner();
        BootstrapOptions.Builder options = BootstrapOptions.builder().environmentName(args[1]);
        if (args[2].equals("embedded")) {
            options.runtime(RuntimeMode.EMBEDDED).pythonVersion(args.length > 3 ? args[3] : "3.13");
        } else {
            options.interpreter(Path.of(args[2]));
        }
        PythonBootstrapManager manager = new PythonBootstrapManager(Path.of(args[0]), runner);
        BootstrapResult result = manager.ensurePythonEnvironment(options.build());
        long total = System.nanoTime() - begin;
        long processesToReady = processes.count();
        for (Map.Entry<BootstrapStage, Duration> stage : new TreeMap<>(result.stageDurations()).entrySet()) {
            System.out.println("stage=" + stage.getKey() + " millis=" + stage.getValue().toNanos() / 1e6);
        }
        System.out.println("warm=" + result.warm() + " success=" + result.success()
                + result.failure().map(e -> " error=" + e.getMessage()).orElse(""));
        System.out.println("processes=" + processesToReady);
        System.out.println("millis=" + total / 1e6);
        // An application keeps running after readiness: the work left for after it (the seed cache's byte-code) finishes.
        manager.awaitBackgroundWork(Duration.ofMinutes(5));
    }
}
