package io.beep.python.registry;

/** Whether a registered interpreter can be used. */
public enum PythonRuntimeStatus {
    NOT_INITIALIZED,
    READY,
    ERROR,
    UPDATING
}
