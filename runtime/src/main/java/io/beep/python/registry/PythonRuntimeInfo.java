package io.beep.python.registry;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * One interpreter known to the registry, as interrogated by the probe script.
 *
 * @param id                 stable identifier (derived from the real path of the executable)
 * @param name               display name, e.g. {@code CPython 3.13.5 (pyenv)}
 * @param type               kind of installation
 * @param source             where it was found: {@code path}, {@code pyenv}, {@code conda}, {@code uv}, {@code asdf},
 *                           {@code mise}, {@code managed}, {@code windows-registry}, {@code explicit}
 * @param status             usability
 * @param executable         the python executable
 * @param version            full version, e.g. {@code 3.13.5}
 * @param implementation     e.g. {@code cpython}
 * @param architecture       e.g. {@code x86_64}
 * @param prefix             {@code sys.prefix}
 * @param basePrefix         {@code sys.base_prefix}
 * @param externallyManaged  PEP 668: the installation forbids pip installs into it
 * @param pipVersion         pip's version when pip is importable
 * @param lastChecked        when it was last interrogated
 * @param error              why it is in ERROR status
 */
public record PythonRuntimeInfo(String id, String name, PythonRuntimeType type, String source, PythonRuntimeStatus status,
        Path executable, String version, String implementation, String architecture, Path prefix, Path basePrefix,
        boolean externallyManaged, Optional<String> pipVersion, Instant lastChecked, Optional<String> error) {

    /** {@code major.minor}, e.g. {@code 3.13}. */
    public String minorVersion() {
        String[] parts = version.split("\\.");
        return parts.length >= 2 ? parts[0] + "." + parts[1] : version;
    }

    public boolean isReady() {
        return status == PythonRuntimeStatus.READY;
    }
}
