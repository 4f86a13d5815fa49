package io.beep.python.provision;

import io.beep.python.PythonException;

/** Provisioning a managed interpreter failed: the request, the download, the archive or the unpacked interpreter; nothing half-made is left. */
public class ProvisioningException extends PythonException {

    /** What went wrong, for callers that act on it (the Quarkus layer names the configuration key to change). */
    public enum Reason {
        /** The request is incomplete or contradicts itself (no URL for source=url, a malformed checksum). */
        INVALID_REQUEST,
        /** A URL archive was given without its SHA-256: downloads are always verified. */
        MISSING_CHECKSUM,
        /** The source has no build of the wanted version for this platform. */
        NO_DISTRIBUTION,
        /** No Maven repository tried has the artifact. */
        NOT_IN_MAVEN,
        /** A plain-HTTP URL to a host other than loopback. */
        INSECURE_URL,
        /** A download failed after its retries, or was refused. */
        DOWNLOAD_FAILED,
        /** A download does not match its checksum; it was discarded. */
        CHECKSUM_MISMATCH,
        /** An archive entry would land outside the target, or is a device or a dangerous link. */
        UNSAFE_ARCHIVE,
        /** The archive holds another Python version than the one asked for. */
        VERSION_MISMATCH,
        /** The unpacked interpreter does not start or lacks a standard module. */
        BROKEN_INTERPRETER,
        /** The file system refused (a directory not writable, a disk full). */
        IO
    }

    private final Reason reason;

    public ProvisioningException(Reason reason, String input, String message) {
        this(reason, input, message, null);
    }

    public ProvisioningException(Reason reason, String input, String message, Throwable cause) {
        super(input, message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
