package io.beep.python.provision;

import java.io.IOException;

/** A download that failed for a reason the retry loop can judge: an HTTP status or a refused URL. */
final class DownloadException extends IOException {

    private final int status;
    private final boolean retryable;
    private final boolean refused;

    DownloadException(String message, int status, boolean retryable) {
        this(message, status, retryable, false);
    }

    private DownloadException(String message, int status, boolean retryable, boolean refused) {
        super(message);
        this.status = status;
        this.retryable = retryable;
        this.refused = refused;
    }

    /** A URL refused before any request: plain HTTP to a host other than loopback. */
    static DownloadException refused(String message) {
        return new DownloadException(message, 0, false, true);
    }

    boolean refused() {
        return refused;
    }

    /** The HTTP status, or 0 when the failure is not one. */
    int status() {
        return status;
    }

    boolean retryable() {
        return retryable;
    }

    boolean notFound() {
        return status == 404 || status == 410;
    }
}
