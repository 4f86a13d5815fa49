package io.beep.python.registry;

/** What kind of installation an interpreter belongs to. */
public enum PythonRuntimeType {
    /** A managed interpreter provisioned by this extension under {@code ${home}/embedded/}. */
    EMBEDDED,
    /** An interpreter installed by the system, pyenv, uv, asdf, mise or a user. */
    SYSTEM,
    /** A conda base or conda environment. */
    CONDA,
    /** A virtual environment (never a base for another venv when a real base exists). */
    VIRTUAL_ENV
}
