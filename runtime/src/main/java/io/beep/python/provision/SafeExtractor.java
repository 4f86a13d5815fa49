package io.beep.python.provision;

import io.beep.python.process.Cancellation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/**
 * Unpacks zip, tar.gz, tar.zst and tar.xz archives with Commons Compress (jars with the JDK's zip reader), refusing every entry
 * that would land outside the target directory: absolute names, {@code ..} segments, and symbolic
 * or hard links whose target leaves the tree. Unix permissions and in-tree links are kept.
 * <p>
 * Only entries under {@code prefix} are extracted, with the prefix removed; that lifts the
 * interpreter out of {@code org/bytedeco/cpython/<platform>/} or {@code python/} in one pass.
 * <p>
 * This is the door: it picks the format's reader ({@link ZipReader}, {@link JarReader}, {@link TarReader}), each of which
 * writes through the one {@link PathPolicy}.
 */
final class SafeExtractor {

    /** Raised for an entry that tries to escape the target; the archive is hostile or broken. */
    static final class UnsafeEntryException extends IOException {
        UnsafeEntryException(String message) {
            super(message);
        }
    }

    /**
     * Bounds on what one archive may expand to, so that a zip bomb fails with a clear error instead of
     * filling the disk: an interpreter is a few hundred MB in a few thousand entries.
     */
    record Limits(long maxBytes, int maxEntries) {
        static final Limits DEFAULT = new Limits(4L << 30, 200_000);
    }

    /** One archive format's reader: places every entry through the {@link PathPolicy} it was made with. */
    interface Reader {
        /**
         * Writes every entry but those {@code later} selects, tells {@code parts} the first part is done, then writes the
         * later ones; a reader that cannot split (a tar) writes them all in its own order, and its first part ends with the
         * whole.
         */
        void read(Path archive, Predicate<String> later, Parts parts, Cancellation cancellation) throws IOException;
    }

    /** What a reader tells the extraction as it goes. */
    interface Parts {
        Parts NONE = new Parts() {
            @Override
            public void split(boolean split) {
            }

            @Override
            public void firstPartDone() {
            }
        };

        /** Whether some entries are written after the first part ended; said before the first part is written. */
        void split(boolean split);

        void firstPartDone();
    }

    private SafeExtractor() {
    }

    private static Reader reader(ArchiveFormat format, PathPolicy policy) {
        if (format == ArchiveFormat.JAR) {
            return new JarReader(policy);
        } else if (format.isZip()) {
            return new ZipReader(policy);
        }
        return new TarReader(policy, format);
    }

    /** Extracts {@code archive} into {@code target} (created if needed). */
    static void extract(Path archive, ArchiveFormat format, Path target, String prefix, Cancellation cancellation) throws IOException {
        extract(archive, format, target, prefix, Limits.DEFAULT, cancellation);
    }

    static void extract(Path archive, ArchiveFormat format, Path target, String prefix, Limits limits, Cancellation cancellation)
            throws IOException {
        reader(format, new PathPolicy(target, prefix, limits, name -> false)).read(archive, later -> false, Parts.NONE, cancellation);
    }

    /**
     * Starts extracting {@code archive} into {@code target} in the background, leaving out the entries {@code leftOut}
     * selects (their names are still checked: a hostile entry fails the archive either way) and writing those
     * {@code later} selects after all others (both by {@code /}-separated name below the prefix), so that a caller can
     * use the rest (start the interpreter) while they are still being written. Only a zip without symbolic links is split: a link must
     * never be created before every file is written, and a tar stream has its own order. Else everything is
     * written before {@link Extraction#awaitFirstPart()} returns.
     */
    static Extraction start(Path archive, ArchiveFormat format, Path target, String prefix, Predicate<String> leftOut,
            Predicate<String> later, Cancellation cancellation) throws IOException {
        Reader reader = reader(format, new PathPolicy(target, prefix, Limits.DEFAULT, leftOut));
        return new Extraction(reader, archive, later, cancellation);
    }

    /** An extraction running on a thread of its own. */
    static final class Extraction implements AutoCloseable {
        private final CompletableFuture<Void> firstPart = new CompletableFuture<>();
        private final CompletableFuture<Void> all;
        private final Cancellation own = new Cancellation();
        private final AutoCloseable linked;
        private volatile boolean split; // some entries are written after the first part ended

        private Extraction(Reader reader, Path archive, Predicate<String> later, Cancellation cancellation) {
            this.linked = cancellation.onCancel(() -> own.cancel(cancellation.reason()));
            Parts parts = new Parts() {
                @Override
                public void split(boolean split) {
                    Extraction.this.split = split;
                }

                @Override
                public void firstPartDone() {
                    firstPart.complete(null);
                }
            };
            this.all = BackgroundTask.start("beep-python-extract", () -> {
                reader.read(archive, later, parts, own);
                return null;
            });
            // A failure before the first part ended fails it too; after that, completing it again changes nothing.
            all.whenComplete((done, failure) -> {
                if (failure != null) {
                    firstPart.completeExceptionally(failure);
                } else {
                    firstPart.complete(null);
                }
            });
        }

        /** Returns once every entry but the later ones is written; throws what the extraction failed with. */
        void awaitFirstPart() throws IOException {
            await(firstPart);
        }

        /** Whether every entry is written: after {@link #awaitFirstPart()}, true when nothing was left for later. */
        boolean isComplete() {
            return firstPart.isDone() && !split || all.isDone();
        }

        /** Returns once every entry is written. */
        void awaitAll() throws IOException {
            await(all);
        }

        /** Stops the extraction (if still running) and waits for its threads to let go of the target. */
        @Override
        public void close() {
            if (!all.isDone()) {
                own.cancel("the extraction was abandoned");
            }
            try {
                all.handle((ok, e) -> null).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // handle() never fails
            }
            try {
                linked.close();
            } catch (Exception ignored) {
                // removing a callback cannot fail
            }
        }

        private static void await(CompletableFuture<Void> part) throws IOException {
            try {
                part.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while extracting", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IOException(cause);
            }
        }
    }
}
