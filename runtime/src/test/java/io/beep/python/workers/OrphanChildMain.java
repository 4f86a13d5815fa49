package io.beep.python.workers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** A JVM that starts a pool, prints its worker pids, and waits to be killed (WorkerPoolTest's kill -9 case). */
public final class OrphanChildMain {

    private OrphanChildMain() {
    }

    public static void main(String[] args) throws Exception {
        WorkerPool pool = new WorkerPool("orphan", Path.of(args[0]), Map.of(), new WorkerOptions(2, List.of(),
                Duration.ofSeconds(30), OptionalInt.empty(), 10, List.of(Path.of(args[1]))));
        pool.start();
        System.out.println("SLEEPER " + pool.call("wt_mod:spawn_sleeper").asLong()); // a process a call started, for the test to find gone
        pool.callAsync("wt_mod:sleep", 60); // one worker busy in a call when the JVM dies
        Thread.sleep(200);
        System.out.println("PIDS " + pool.pids().stream().map(String::valueOf).reduce((a, b) -> a + " " + b).orElse(""));
        System.out.flush();
        Thread.sleep(120_000);
    }
}
