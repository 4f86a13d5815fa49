package io.beep.python.provision;

/** Receives download progress in bytes; {@code total} is -1 when the server does not say. */
@FunctionalInterface
public interface DownloadListener {

    void progress(long done, long total);

    static DownloadListener none() {
        return (done, total) -> {
        };
    }
}
