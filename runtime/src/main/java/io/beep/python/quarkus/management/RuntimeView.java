package io.beep.python.quarkus.management;

import io.beep.python.Secrets;
import io.beep.python.registry.PythonRuntimeInfo;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One interpreter of the runtime registry ({@code runtimes.json}), as {@code /q/python/runtimes}
 * and the Dev UI show it.
 *
 * @param id                the registry id, e.g. {@code cpython-3.13-1f2e3d4c}
 * @param name              display name
 * @param type              kind of installation ({@code SYSTEM}, {@code EMBEDDED}, ...)
 * @param source            where it was found ({@code path}, {@code pyenv}, {@code managed}, ...)
 * @param status            {@code READY}, {@code ERROR}, ...
 * @param version           full version
 * @param implementation    e.g. {@code cpython}
 * @param architecture      e.g. {@code x86_64}
 * @param executable        the python executable
 * @param externallyManaged PEP 668: packages cannot be installed into it directly
 * @param freethreaded      a free-threaded build
 * @param pipVersion        pip's version, or null
 * @param lastChecked       when it was last interrogated (ISO-8601), or null
 * @param error             why it is in ERROR status, or null
 * @param defaultRuntime    whether it is the registry's default
 */
@JsonPropertyOrder({"id", "name", "type", "source", "status", "version", "implementation", "architecture", "executable", "externallyManaged",
        "freethreaded", "pipVersion", "lastChecked", "error", "defaultRuntime"})
public record RuntimeView(String id, String name, String type, String source, String status, String version, String implementation,
        String architecture, String executable, boolean externallyManaged, boolean freethreaded, String pipVersion, String lastChecked,
        String error, boolean defaultRuntime) {

    public static RuntimeView of(PythonRuntimeInfo info, boolean defaultRuntime) {
        return new RuntimeView(info.id(), info.name(), info.type().name(), info.source(), info.status().name(), info.version(),
                info.implementation(), info.architecture(), info.executable() == null ? null : info.executable().toString(),
                info.externallyManaged(), info.freethreaded(), info.pipVersion().orElse(null),
                info.lastChecked() == null ? null : info.lastChecked().toString(), info.error().map(Secrets::mask).orElse(null), defaultRuntime);
    }

}
