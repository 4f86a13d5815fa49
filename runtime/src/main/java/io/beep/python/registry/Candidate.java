package io.beep.python.registry;

/**
 * An executable discovery believes to be a Python, before it is interrogated.
 *
 * @param file   the executable and its identity
 * @param source where it was found ({@code pyenv}, {@code path}, ...)
 * @param type   the kind of installation its location implies; the probe may still find a venv
 */
record Candidate(InterpreterFile file, String source, PythonRuntimeType type) {
}
