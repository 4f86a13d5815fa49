package io.beep.python.provision;

import java.util.concurrent.CompletableFuture;

/**
 * One step of provisioning started on a daemon thread of its own, its outcome as a future: a checksum beside the
 * extraction, the checksum files beside the download, the extraction beside the interpreter's check. Daemon, so that
 * an abandoned step never keeps the JVM alive.
 */
final class BackgroundTask {

    /** The step; what it throws completes the future exceptionally. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws Exception;
    }

    private BackgroundTask() {
    }

    static <T> CompletableFuture<T> start(String name, Work<T> work) {
        CompletableFuture<T> outcome = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                outcome.complete(work.run());
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return outcome;
    }
}
