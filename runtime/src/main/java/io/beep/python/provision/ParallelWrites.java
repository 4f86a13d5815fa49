package io.beep.python.provision;

import io.beep.python.process.Cancellation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * The files of a zip or jar, written by a few threads at once: both have a central directory and random access, and the
 * work is mostly file creation, which overlaps well.
 */
final class ParallelWrites {

    private static final int WRITERS = 4;

    private ParallelWrites() {
    }

    /** An archive entry that is a file, and where it goes. */
    record FileEntry<E>(E entry, Path destination, long compressedSize) {
    }

    /** Writes files of one reader's entries on one thread, reusing its buffers. */
    interface EntryWriter<E> extends AutoCloseable {
        void write(FileEntry<E> file) throws IOException;

        @Override
        void close();
    }

    static <E> void writeInParallel(List<FileEntry<E>> files, Supplier<EntryWriter<E>> writers, Cancellation cancellation)
            throws IOException {
        if (files.isEmpty()) {
            return;
        }
        int threads = Math.max(1, Math.min(WRITERS, files.size() / 64));
        // Largest first, each thread taking the next: no thread is left with a big file when the others are done.
        List<FileEntry<E>> queue = new ArrayList<>(files);
        queue.sort(Comparator.comparingLong((FileEntry<E> file) -> file.compressedSize()).reversed());
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "beep-python-extract");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                parts.add(pool.submit(() -> {
                    try (EntryWriter<E> writer = writers.get()) {
                        for (int i = next.getAndIncrement(); i < queue.size(); i = next.getAndIncrement()) {
                            cancellation.throwIfCancelled();
                            writer.write(queue.get(i));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> part : parts) {
                try {
                    part.get();
                } catch (ExecutionException e) {
                    parts.forEach(p -> p.cancel(true));
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IOException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("Interrupted while extracting", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static void checkCrc(String name, long expected, CRC32 crc) throws IOException {
        if (expected >= 0 && crc.getValue() != expected) {
            throw new IOException("entry '" + name + "' is damaged: its CRC-32 does not match its data");
        }
    }
}
