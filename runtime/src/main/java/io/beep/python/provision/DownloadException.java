package io.beep.python.provision;

import java.io.IOException;

/** A download that failed for a reason the retry loop can judge: an HTTP status or a refused URL. */
final class DownloadException extends IOException {

    private final int status;
    private final boolean retryable;

    DownloadException(String message, int status, boolean retryable) {
        super(message);
        this.status = status;
        this.retryable = retryable;
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
