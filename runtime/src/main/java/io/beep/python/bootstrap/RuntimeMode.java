package io.beep.python.bootstrap;

/** How the bootstrap chooses an interpreter when no explicit one is given. */
public enum RuntimeMode {
    /** A matching registered or discovered interpreter, else provision a managed one. */
    AUTO,
    /** Always a managed interpreter under {@code ${home}/embedded/}, provisioned when absent. */
    EMBEDDED,
    /** A discovered interpreter only; never provision. */
    SYSTEM
}
