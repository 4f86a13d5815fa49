package io.beep.python.venv;

import java.nio.file.Path;

/**
 * A virtual environment on disk.
 *
 * @param root          the venv directory ({@code VIRTUAL_ENV})
 * @param python        its python executable
 * @param binDir        {@code bin/} ({@code Scripts\} on Windows), put first on PATH
 * @param sitePackages  its {@code site-packages} directory
 * @param version       the interpreter version recorded in {@code pyvenv.cfg}
 * @param baseExecutable the base interpreter it was made from
 */
public record VirtualEnv(Path root, Path python, Path binDir, Path sitePackages, String version, Path baseExecutable) {
}
