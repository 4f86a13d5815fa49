package io.beep.python.fs;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Splits many small file-system operations (links, stats, directories) between the calling thread and one more:
 * each is a system call wrapped in some Java, and for thousands of them (the store's linking of a package set) a
 * second core takes a third off the time. The helper is always joined, also when a half fails, so that a caller
 * cleaning up never races it. Other rooms reach it through {@link FileTrees#splitInTwo}.
 */
final class TwoThreads {

    /** Below this many items a second thread costs more than it saves. */
    static final int FROM = 64;

    /** Work on one half of the items. */
    @FunctionalInterface
    interface Half<T> {
        void run(List<T> items) throws IOException;
    }

    private TwoThreads() {
    }

    /** Runs {@code work} on the first half of {@code items} here and on the second on a helper thread (one half, here, if few). */
    static <T> void split(List<T> items, Half<T> work) throws IOException {
        if (items.size() < FROM) {
            work.run(items);
            return;
        }
        int half = items.size() / 2;
        FutureTask<Void> second = new FutureTask<>(() -> {
            work.run(items.subList(half, items.size()));
            return null;
        });
        Thread helper = new Thread(second, "beep-python-file-work");
        helper.setDaemon(true);
        helper.start();
        try {
            work.run(items.subList(0, half));
        } catch (IOException | RuntimeException e) {
            try {
                await(second);
            } catch (IOException | RuntimeException other) {
                e.addSuppressed(other);
            }
            throw e;
        }
        await(second);
    }

    /** Waits for the helper (short-lived) even when interrupted, then restores the flag. */
    private static void await(FutureTask<Void> work) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    work.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
