package io.beep.python.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One interpreter as stored in {@code runtimes.json}: what {@link PythonRuntimeInfo} says, plus the
 * fingerprint ({@code realPath}, {@code size}, {@code modified}) that lets a warm start trust it
 * without running the interpreter, the identity {@code key}, whether it was registered (kept even
 * when discovery no longer finds it) or merely discovered, and whether it is a free-threaded build.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
record RuntimeEntry(String id, String name, PythonRuntimeType type, String source, PythonRuntimeStatus status,
        String executable, String key, String realPath, long size, long modified, String version, String implementation,
        String architecture, String prefix, String basePrefix, String stdlib, boolean externallyManaged, String pipVersion,
        String lastChecked, String error, boolean registered, boolean freethreaded) {

    static final String UNKNOWN = "unknown";

    /** A working interpreter, as its probe described it. */
    static RuntimeEntry probed(Candidate candidate, ProbeResult probe, Instant now) {
        PythonRuntimeType type = probe.inVenv() ? PythonRuntimeType.VIRTUAL_ENV : candidate.type();
        String implementation = probe.implementation() == null ? "cpython" : probe.implementation().toLowerCase(Locale.ROOT);
        InterpreterFile file = candidate.file();
        String id = idFor(implementation, probe.version(), file.key());
        return new RuntimeEntry(id, displayName(implementation, probe.version() + (probe.freethreaded() ? "t" : ""), candidate.source()), type, candidate.source(),
                PythonRuntimeStatus.READY, file.executable().toString(), file.key(), file.realFile().toString(), file.size(),
                file.modified(), probe.version(), implementation, probe.architecture(), probe.prefix(), probe.basePrefix(),
                probe.stdlib(), probe.externallyManaged(), probe.pipVersion(), now.toString(), null, false,
                probe.freethreaded());
    }

    /** An executable that is no working Python (crashed, hung, printed nonsense): listed in ERROR with the reason. */
    static RuntimeEntry failed(Candidate candidate, String reason, Instant now) {
        InterpreterFile file = candidate.file();
        return new RuntimeEntry(idFor(UNKNOWN, UNKNOWN, file.key()), "Python at " + file.executable() + " (" + candidate.source() + ")",
                candidate.type(), candidate.source(), PythonRuntimeStatus.ERROR, file.executable().toString(), file.key(),
                file.realFile().toString(), file.size(), file.modified(), UNKNOWN, UNKNOWN, UNKNOWN, null, null, null, false, null,
                now.toString(), reason, false, false);
    }

    /**
     * A known interpreter that stopped working (its file changed and it now fails): it keeps its id, so
     * that a pin or a registration still names it, and carries the new fingerprint and the reason.
     */
    RuntimeEntry failedAgain(Candidate candidate, String reason, Instant now) {
        InterpreterFile file = candidate.file();
        return new RuntimeEntry(id, name, type, source, PythonRuntimeStatus.ERROR, file.executable().toString(), key,
                file.realFile().toString(), file.size(), file.modified(), version, implementation, architecture, prefix, basePrefix,
                stdlib, externallyManaged, pipVersion, now.toString(), reason, registered, freethreaded);
    }

    /** {@code cpython-3.13-1f2e3d4c}: readable, and stable for one installation across patch upgrades in place. */
    static String idFor(String implementation, String version, String key) {
        String[] parts = version.split("\\.");
        String minor = parts.length >= 2 ? parts[0] + "." + parts[1] : version;
        return implementation + "-" + minor + "-" + io.beep.python.fs.Digests.sha256Hex(key).substring(0, 8);
    }

    static String displayName(String implementation, String version, String source) {
        String impl = switch (implementation) {
            case "cpython" -> "CPython";
            case "pypy" -> "PyPy";
            case "graalpy" -> "GraalPy";
            default -> implementation;
        };
        return impl + " " + version + " (" + source + ")";
    }

    PythonRuntimeInfo toInfo() {
        return new PythonRuntimeInfo(id, name, type, source, status, Path.of(executable), version, implementation, architecture,
                prefix == null ? null : Path.of(prefix), basePrefix == null ? null : Path.of(basePrefix), externallyManaged,
                Optional.ofNullable(pipVersion), lastChecked == null ? Instant.EPOCH : Instant.parse(lastChecked),
                Optional.ofNullable(error), Optional.ofNullable(stdlib).map(Path::of), freethreaded);
    }

    RuntimeEntry registeredAs(String newName, PythonRuntimeType newType, String newSource) {
        return new RuntimeEntry(id, newName, newType, newSource, status, executable, key, realPath, size, modified, version,
                implementation, architecture, prefix, basePrefix, stdlib, externallyManaged, pipVersion, lastChecked, error, true,
                freethreaded);
    }

    /** Keeps the registration (name, type, source) of {@code previous} on a fresh probe of the same interpreter. */
    RuntimeEntry keepingRegistrationOf(RuntimeEntry previous) {
        if (previous == null || !previous.registered()) {
            return this;
        }
        PythonRuntimeType keptType = type == PythonRuntimeType.VIRTUAL_ENV ? type : previous.type();
        return new RuntimeEntry(id, previous.name(), keptType, previous.source(), status, executable, key, realPath, size, modified,
                version, implementation, architecture, prefix, basePrefix, stdlib, externallyManaged, pipVersion, lastChecked,
                error, true, freethreaded);
    }

    RuntimeEntry inError(String reason, Instant now) {
        return new RuntimeEntry(id, name, type, source, PythonRuntimeStatus.ERROR, executable, key, realPath, size, modified,
                version, implementation, architecture, prefix, basePrefix, stdlib, externallyManaged, pipVersion, now.toString(),
                reason, registered, freethreaded);
    }
}
