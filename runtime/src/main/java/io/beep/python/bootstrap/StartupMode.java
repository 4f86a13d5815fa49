package io.beep.python.bootstrap;

/** When an application's environment is bootstrapped. */
public enum StartupMode {
    /** The application starts at once; readiness stays DOWN until the environment is ready. */
    BACKGROUND,
    /** Startup waits for the environment; a failure fails startup. */
    BLOCKING,
    /** The first use of the environment starts the bootstrap. */
    LAZY
}
