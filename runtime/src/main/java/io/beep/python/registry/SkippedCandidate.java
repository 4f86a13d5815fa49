package io.beep.python.registry;

/**
 * An interpreter {@link PythonRuntimeRegistry#find(String)} passed over, and why: what the bootstrap
 * shows when nothing matched ("saw 3.11.2 (/usr/bin/python3), 3.12.1 (pyenv)").
 *
 * @param runtime the interpreter
 * @param reason  the kind of mismatch
 * @param detail  one readable phrase, e.g. {@code version 3.11.2 does not match 3.13}
 */
public record SkippedCandidate(PythonRuntimeInfo runtime, Reason reason, String detail) {

    /** Why an interpreter was not chosen. */
    public enum Reason {
        /** Its version does not satisfy the request. */
        VERSION_MISMATCH,
        /** A free-threaded build when a regular one was asked for, or the other way round. */
        FREE_THREADING,
        /** Older than {@value PythonRuntimeInfo#MINIMUM_SELECTABLE_VERSION}: listed, never chosen. */
        TOO_OLD,
        /** A virtual environment: never the base of another one. */
        VIRTUAL_ENV,
        /** Not working: its probe failed, or its executable disappeared. */
        NOT_READY
    }

    /** {@code 3.11.2 (path: /usr/bin/python3): version 3.11.2 does not match 3.13}. */
    public String describe() {
        String version = runtime.status() == PythonRuntimeStatus.ERROR && RuntimeEntry.UNKNOWN.equals(runtime.version())
                ? "?" : runtime.version();
        return version + " (" + runtime.source() + ": " + runtime.executable() + "): " + detail;
    }
}
