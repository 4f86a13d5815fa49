package io.beep.python.registry;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * One interpreter known to the registry, as interrogated by the probe script.
 *
 * @param id                 stable identifier, {@code <implementation>-<major.minor>-<hash of the real path>},
 *                           e.g. {@code cpython-3.13-1f2e3d4c}; {@link PythonRuntimeRegistry#getRuntime(String)} also
 *                           accepts the executable path
 * @param name               display name, e.g. {@code CPython 3.13.5 (pyenv)}
 * @param type               kind of installation
 * @param source             where it was found: {@code path}, {@code pyenv}, {@code conda}, {@code uv}, {@code asdf},
 *                           {@code mise}, {@code managed}, {@code venv}, {@code windows-registry}, {@code py-launcher},
 *                           {@code explicit}
 * @param status             usability
 * @param executable         the python executable
 * @param version            full version, e.g. {@code 3.13.5} ({@code unknown} when the probe failed)
 * @param implementation     e.g. {@code cpython}
 * @param architecture       e.g. {@code x86_64}
 * @param prefix             {@code sys.prefix}
 * @param basePrefix         {@code sys.base_prefix}
 * @param externallyManaged  PEP 668: an {@code EXTERNALLY-MANAGED} file sits in its stdlib directory, so nothing
 *                           may be pip-installed into it; it only serves as a venv base
 * @param pipVersion         pip's version when pip is installed
 * @param lastChecked        when it was last interrogated
 * @param error              why it is in ERROR status
 * @param stdlib             {@code sysconfig.get_path('stdlib')}, where the PEP 668 marker is looked for
 * @param freethreaded       a free-threaded build (PEP 703, {@code python3.13t}): chosen only when asked for
 *                           with a {@code t} suffix, as uv does, since many packages ship no wheels for it
 */
public record PythonRuntimeInfo(String id, String name, PythonRuntimeType type, String source, PythonRuntimeStatus status,
        Path executable, String version, String implementation, String architecture, Path prefix, Path basePrefix,
        boolean externallyManaged, Optional<String> pipVersion, Instant lastChecked, Optional<String> error,
        Optional<Path> stdlib, boolean freethreaded) {

    /** The oldest Python the extension will build an environment on; older ones are listed, not selectable. */
    public static final String MINIMUM_SELECTABLE_VERSION = "3.8";

    /** The walking skeleton's constructor, kept for callers that do not know the stdlib path. */
    public PythonRuntimeInfo(String id, String name, PythonRuntimeType type, String source, PythonRuntimeStatus status,
            Path executable, String version, String implementation, String architecture, Path prefix, Path basePrefix,
            boolean externallyManaged, Optional<String> pipVersion, Instant lastChecked, Optional<String> error) {
        this(id, name, type, source, status, executable, version, implementation, architecture, prefix, basePrefix,
                externallyManaged, pipVersion, lastChecked, error, Optional.empty(), false);
    }

    /** The first registry version's constructor, kept for callers that do not know about free-threaded builds. */
    public PythonRuntimeInfo(String id, String name, PythonRuntimeType type, String source, PythonRuntimeStatus status,
            Path executable, String version, String implementation, String architecture, Path prefix, Path basePrefix,
            boolean externallyManaged, Optional<String> pipVersion, Instant lastChecked, Optional<String> error,
            Optional<Path> stdlib) {
        this(id, name, type, source, status, executable, version, implementation, architecture, prefix, basePrefix,
                externallyManaged, pipVersion, lastChecked, error, stdlib, false);
    }

    /** {@code major.minor}, e.g. {@code 3.13}. */
    public String minorVersion() {
        String[] parts = version.split("\\.");
        return parts.length >= 2 ? parts[0] + "." + parts[1] : version;
    }

    public boolean isReady() {
        return status == PythonRuntimeStatus.READY;
    }

    /** Ready, and new enough ({@value #MINIMUM_SELECTABLE_VERSION}+) to build an environment on. */
    public boolean selectable() {
        return isReady() && Versions.compare(version, MINIMUM_SELECTABLE_VERSION) >= 0;
    }

    /** A virtual environment: listed, but never the base of another one. */
    public boolean isVirtualEnv() {
        return type == PythonRuntimeType.VIRTUAL_ENV;
    }

    PythonRuntimeInfo withStatus(PythonRuntimeStatus newStatus, Optional<String> newError) {
        return new PythonRuntimeInfo(id, name, type, source, newStatus, executable, version, implementation, architecture,
                prefix, basePrefix, externallyManaged, pipVersion, lastChecked, newError, stdlib, freethreaded);
    }

    PythonRuntimeInfo withNameSourceType(String newName, String newSource, PythonRuntimeType newType) {
        return new PythonRuntimeInfo(id, newName, newType, newSource, status, executable, version, implementation,
                architecture, prefix, basePrefix, externallyManaged, pipVersion, lastChecked, error, stdlib, freethreaded);
    }
}
