package io.beep.python.quarkus;

/** {@code beep.python.dev.ide}: what dev mode tells the IDE about the default environment's interpreter. */
public enum DevIde {
    /** Print its path, and write it into {@code .vscode/settings.json} when the project has a {@code .vscode/} folder. */
    AUTO,
    /** Print its path and write it into {@code .vscode/settings.json}, making {@code .vscode/} when there is none. */
    ON,
    /** Neither. */
    OFF
}
