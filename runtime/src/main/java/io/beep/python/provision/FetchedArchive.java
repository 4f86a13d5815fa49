package io.beep.python.provision;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * An archive {@link ArchiveFetcher} produced, and whether it had to be downloaded. A downloaded or cached one is
 * verified already; the local repository's copy is checked against its {@code .sha1} while the caller starts unpacking
 * it: {@link #intact()} says how that ended, and nothing from the archive may run or be installed before it said true.
 */
record FetchedArchive(Path file, boolean downloaded, CompletableFuture<Boolean> intact) {
    FetchedArchive(Path file, boolean downloaded) {
        this(file, downloaded, CompletableFuture.completedFuture(true));
    }
}
