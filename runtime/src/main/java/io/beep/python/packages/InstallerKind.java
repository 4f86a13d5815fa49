package io.beep.python.packages;

/** Which installer runs: pip, uv, or uv when it is available. */
public enum InstallerKind {
    AUTO,
    PIP,
    UV
}
